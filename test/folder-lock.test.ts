/**
 * One process at a time on a PGlite data folder. Before, `npm run sync` beside a running
 * `npm start` on the same folder reported success and its runs were gone after the hub
 * restarted: two embedded servers over one set of files. Now whoever opens the folder
 * holds it; a second process is refused at once with a message naming the holder and,
 * when it is the hub, pointing to its schedule and the `syncNow` mutation (which runs the
 * source inside the hub, and whose run survives a restart). A lock left by a killed
 * process is taken over. (PGlite only: PostgreSQL serves many processes by design.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { FolderLockedError, LOCK_FILE } from '../src/db/folder-lock.js';
import { startHub } from '../src/hub.js';
import { CREDIT_HEADERS } from '../src/simulator/credit.outlet.js';
import { csvLine } from '../src/simulator/csv.js';
import { bearer, DEMO_KEYS } from './support/keys.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'govgraph-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a PGlite folder has one owner', () => {
  it('a second opener in any process is refused while the first holds it, and admitted after it closes', async () => {
    const data = join(dir, 'one');
    const first = await openDatabase({ dataDir: data, role: 'hub' });
    const second = openDatabase({ dataDir: data, role: 'sync' });
    await expect(second).rejects.toBeInstanceOf(FolderLockedError);
    await expect(second).rejects.toThrow(/in use by the hub \(npm start, pid \d+\).*syncNow/);
    await first.close();
    const again = await openDatabase({ dataDir: data, role: 'sync' });
    await again.close();
  });

  it('a lock whose process is gone is taken over', async () => {
    const data = join(dir, 'stale');
    mkdirSync(data, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    writeFileSync(join(data, LOCK_FILE), JSON.stringify({ pid: gone, role: 'sync', host: hostname(), since: '2026-11-01T00:00:00Z' }));
    const db = await openDatabase({ dataDir: data });
    expect((await db.query<{ n: number }>('select 1 as n'))[0]!.n).toBe(1);
    await db.close();
  });
});

describe('npm run sync beside a running hub', () => {
  it('is refused at once and writes nothing; syncNow runs the source inside the hub, and its run survives a restart', async () => {
    const data = join(dir, 'hub');
    const drop = join(dir, 'credit', '20261101');
    mkdirSync(drop, { recursive: true });
    for (const [file, header] of [['xzxk', CREDIT_HEADERS.doublePublicity], ['xzcf', CREDIT_HEADERS.doublePublicity], ['sxbzxr', CREDIT_HEADERS.defaulters], ['loans', CREDIT_HEADERS.loans]] as const) {
      writeFileSync(join(drop, `${file}.csv`), `\uFEFF${csvLine(header)}`);
    }
    const demo = loadConfigFile(DEMO_CONFIG_PATH);
    const config = { auth: demo.auth, policy: demo.policy, sources: [{ id: 'credit', connector: 'credit', options: { dir: join(dir, 'credit') } }] };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const start = () => startHub({ config, dataDir: data, port: 0, log: pino({ level: 'silent' }), ingest: false, personKey: '22'.repeat(32) });
    let hub = await start();
    try {
      const started = Date.now();
      const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/ingest/cli.ts', 'credit'], {
        cwd: ROOT, encoding: 'utf8', timeout: 60_000,
        env: { ...process.env, GOVGRAPH_CONFIG: join(dir, 'config.json'), GOVGRAPH_DATA_DIR: data, DATABASE_URL: '', GOVGRAPH_PERSON_KEY: '22'.repeat(32) },
      });
      expect(cli.status, cli.stderr).toBe(2);
      expect(cli.stderr).toMatch(/in use by the hub \(npm start, pid \d+\)/);
      expect(cli.stderr).toContain('syncNow');
      expect(cli.stdout).not.toContain('succeeded');
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(await hub.database.query('select id from sync_run')).toHaveLength(0);

      const res = await fetch(hub.url, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: bearer(DEMO_KEYS.admin) },
        body: JSON.stringify({ query: 'mutation { syncNow(sourceId: "credit") { id status counts { batches } } }' }),
      });
      const body = (await res.json()) as { data: { syncNow: { id: string; status: string } } };
      expect(body.data.syncNow.status).toBe('succeeded');
      // Not for every department: the market key's policy does not grant it.
      const denied = await fetch(hub.url, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: bearer(DEMO_KEYS.market) },
        body: JSON.stringify({ query: 'mutation { syncNow(sourceId: "credit") { id } }' }),
      });
      expect(((await denied.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('FORBIDDEN');
      await hub.stop();
      hub = await start();
      expect(await hub.database.query<{ status: string }>('select status from sync_run')).toEqual([{ status: 'succeeded' }]);
    } finally {
      await hub.stop();
    }
  }, 120_000);
});
