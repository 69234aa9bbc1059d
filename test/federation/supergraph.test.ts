/**
 * `npm run supergraph`: the committed example supergraph (govgraph + the courts' test
 * subgraph, `govgraph.supergraph.json`) is what composition of the code gives — drift fails
 * here, as `schema.graphql`'s does — and a pair that does not compose fails the command
 * with each composition error named, writing nothing.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { buildHubSchema } from '../../src/graphql/build-schema.js';
import { subgraphSdl } from '../../src/graphql/federation/subgraph-sdl.js';
import { composeSupergraph, CompositionError, readSupergraphConfig } from '../../src/graphql/federation/supergraph.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'govgraph-supergraph-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (config: string) => run('npx', ['tsx', 'src/graphql/federation/supergraph-cli.ts', '--config', config], { cwd: process.cwd() }).then(
  (r) => ({ code: 0, ...r }),
  (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
);

it('the committed example supergraph is what the code composes (regenerate with npm run supergraph)', async () => {
  const { config, baseDir } = readSupergraphConfig('govgraph.supergraph.json');
  const committed = readFileSync(join(baseDir, config.output), 'utf8');
  expect(committed).toBe(await composeSupergraph(config, baseDir, subgraphSdl(await buildHubSchema())));
  // Both subgraphs are in it, joined on Enterprise by uscc.
  expect(committed).toMatch(/type Enterprise implements Node\s+@join__implements\(graph: GOVGRAPH, interface: "Node"\)[^{]*@join__type\(graph: COURTS, key: "uscc"\)/);
});

it('a subgraph that does not compose fails the command with each error named, writing nothing', async () => {
  const sdl = join(dir, 'clash.graphql');
  writeFileSync(sdl, [
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])',
    'type Enterprise @key(fields: "uscc") { uscc: String status: Int }',
    'type Query { enterprise(uscc: String!): Enterprise }',
  ].join('\n'));
  const config = join(dir, 'clash.json');
  writeFileSync(config, JSON.stringify({ output: 'out.graphql', govgraph: { routingUrl: 'http://localhost:4000/graphql' }, subgraphs: [{ name: 'clash', routingUrl: 'http://localhost:4020/', sdl: 'clash.graphql' }] }));
  const { code, stderr } = await cli(config);
  expect(code).toBe(1);
  expect(stderr).toContain('the supergraph does not compose');
  expect(stderr).toMatch(/INVALID_FIELD_SHARING: .*"Enterprise\.status"/);
  expect(existsSync(join(dir, 'out.graphql'))).toBe(false);
}, 60_000);

it('a bad config is refused with its path and problem (exit 2)', async () => {
  const config = join(dir, 'bad.json');
  writeFileSync(config, JSON.stringify({ output: 'x', govgraph: { routingUrl: 'not a url' }, subgraphs: [{ name: 'courts', routingUrl: 'http://x/' }] }));
  const { code, stderr } = await cli(config);
  expect(code).toBe(2);
  expect(stderr).toMatch(/govgraph\.routingUrl/);
  expect(stderr).toMatch(/exactly one of "sdl" and "introspect"/);
  expect(() => readSupergraphConfig(config)).toThrow(CompositionError);
}, 60_000);
