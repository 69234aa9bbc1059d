/**
 * A configuration that is well formed but wrong never starts: a misspelled section or
 * setting, an unknown connector kind, options a connector does not take. Each is a
 * start-up error naming its path, for `npm start` and `npm run sync` alike, with no stack
 * trace, before anything is served or synced.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { connectors } from '../connectors/registry.js';
import { configFiles } from './support/config-files.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { dir, file } = configFiles('config');
const problem = (config: unknown, env: NodeJS.ProcessEnv = {}) => {
  try {
    loadConfigFile(file(config), env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('the config was accepted');
};
const credit = (options: Record<string, unknown>) => ({ sources: [{ id: 'credit', connector: 'credit', options }] });

describe('a wrong configuration is refused with the path of what is wrong', () => {
  it.each([
    ['a misspelled section', { limts: { maxDepth: 5 } }, /limts: unknown setting/],
    ['a misspelled setting', { limits: { maxDeph: 5 } }, /limits\.maxDeph: unknown setting/],
    ['a setting nested in a list', { auth: { apiKeys: [{ id: 'k', department: 'd', secretSha256: 'a'.repeat(64), secret: 'x' }] } }, /auth\.apiKeys\[0\]\.secret: unknown setting/],
    ['a setting of the wrong type', { limits: { maxDepth: 'deep' } }, /limits\.maxDepth: /],
    ['an unknown connector kind', { sources: [{ id: 'courts', connector: 'court-cases', options: {} }] }, /sources\[0\]\.connector: unknown connector kind "court-cases" \(known: .*credit/],
    ['an unknown connector option', credit({ dir: '/x', batchsize: 10 }), /sources\[0\]\.options\.batchsize: unknown setting/],
    ['an invalid connector option', credit({ dir: '/x', batchSize: 0 }), /sources\[0\]\.options\.batchSize: /],
    ['a missing connector option', credit({}), /sources\[0\]\.options\.dir: /],
    ['an unknown source setting', { sources: [{ id: 'credit', connector: 'credit', options: { dir: '/x' }, shedule: { everySeconds: 60 } }] }, /sources\[0\]\.shedule: unknown setting/],
    ['a duplicate source id', { sources: [{ id: 'cc', connector: 'credit', options: { dir: '/x' } }, { id: 'cc', connector: 'credit', options: { dir: '/y' } }] }, /sources\[1\]\.id: source id "cc" appears twice/],
  ])('%s', (_name, config, message) => {
    expect(problem(config)).toMatch(message);
  });

  it('judges an option holding an unset ${VAR} only by its shape (its value is known at run time)', () => {
    const ok = { sources: [{ id: 'land', connector: 'land', options: { baseUrl: '${LAND_URL}', tokenEnv: 'LAND_TOKEN' } }] };
    expect(() => loadConfigFile(file(ok), {})).not.toThrow();
    expect(problem(ok, { LAND_URL: 'not a url' })).toMatch(/sources\[0\]\.options\.baseUrl: /);
  });

  it('every connector refuses an option it does not know', () => {
    for (const [kind, c] of connectors) {
      const r = c.configSchema.safeParse({ dir: '/x', baseUrl: 'http://127.0.0.1:1', dsn: 'embedded', surplus: 1 });
      expect(r.success, kind).toBe(false);
      expect(JSON.stringify(r.error!.issues), kind).toContain('surplus');
    }
  });

  it('the demo configuration passes', () => {
    expect(loadConfigFile(DEMO_CONFIG_PATH).sources.length).toBeGreaterThan(0);
  });
});

describe('both commands refuse it before anything starts', () => {
  const bad = () => file({ limts: {}, sources: [{ id: 'xx', connector: 'nope', options: {} }] });
  const run = (script: string, args: string[] = []) =>
    spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT, encoding: 'utf8', timeout: 60_000,
      env: { ...process.env, GOVGRAPH_CONFIG: bad(), GOVGRAPH_DATA_DIR: join(dir, 'data'), DATABASE_URL: '', PORT: '0', LOG_LEVEL: 'info' },
    });

  it.each([
    ['npm start', 'src/main.ts', [], 1],
    ['npm run sync', 'src/ingest/cli.ts', ['xx'], 2],
  ])('%s exits with the problems named and no stack trace', (_name, script, args, code) => {
    const r = run(script, args as string[]);
    const out = `${r.stdout}${r.stderr}`;
    expect(r.status, out).toBe(code);
    expect(out).toContain('limts: unknown setting');
    expect(out).toMatch(/sources\[0\]\.connector: unknown connector kind \\?"nope/);
    expect(out).not.toMatch(/\n\s+at |"stack"/);
    expect(out).not.toContain('serving GraphQL');
  });
});
