/**
 * The hub runs with its Node.js flags (platform/node-flags) wherever it is started as a
 * service: `npm start` and the deployment manifest pass every one of them to node, before
 * the entry point (after it they would be the hub's own arguments).
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { HUB_NODE_FLAGS } from '../../src/platform/node-flags.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** The arguments between `node` and `dist/main.js` in a command line. */
const nodeArgs = (words: readonly string[]) => {
  const entry = words.indexOf('dist/main.js');
  const node = words.lastIndexOf('node', entry);
  expect(entry, `dist/main.js in ${words.join(' ')}`).toBeGreaterThan(node);
  expect(node, `node in ${words.join(' ')}`).toBeGreaterThanOrEqual(0);
  return words.slice(node + 1, entry);
};

it('npm start passes the hub’s Node.js flags to node', () => {
  const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start!;
  expect(nodeArgs(start.split(/\s+/))).toEqual(expect.arrayContaining([...HUB_NODE_FLAGS]));
});

it('the Kubernetes manifest’s command passes them too', () => {
  const command = /command:\s*(\[.*\])/.exec(read('deploy/kubernetes.yaml'))?.[1];
  expect(command, 'a command line in deploy/kubernetes.yaml').toBeDefined();
  expect(nodeArgs(JSON.parse(command!) as string[])).toEqual(expect.arrayContaining([...HUB_NODE_FLAGS]));
});
