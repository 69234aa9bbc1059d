/**
 * Resumable and exact: `npm run sync` is killed with SIGKILL in the middle of a large
 * market-registry sync and started again; the graph then equals the graph of an
 * uninterrupted sync — no record lost, none duplicated. Each batch commits its records
 * and its cursor in one transaction; PGlite's data folder or PostgreSQL recovers the rest.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { writeMarketRegistryFile } from '../src/simulator/market-registry.outlet.js';
import { World } from '../src/simulator/world.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { graphSnapshot, indexDefinitions } from './support/snapshot.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let dir: string;
const dbs: TestDatabase[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'govgraph-kill-'));
  await writeMarketRegistryFile(new World({ enterprises: 10_000, seed: 11 }), join(dir, 'market'), '20261101');
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ sources: [{ id: 'market-registry', connector: 'market-registry', options: { dir: join(dir, 'market'), batchSize: 200 } }] }),
  );
});
afterAll(async () => {
  for (const d of dbs) await d.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `npm run sync -- market-registry` as its own process; with `killAfterBatches`, SIGKILLs it there. */
function runSync(target: { dataDir: string; url?: string }, killAfterBatches?: number): Promise<{ code: number | null; signal: string | null; batchesSeen: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/ingest/cli.ts', 'market-registry'], {
      cwd: ROOT,
      env: {
        ...process.env, GOVGRAPH_CONFIG: join(dir, 'config.json'), GOVGRAPH_DATA_DIR: target.dataDir, DATABASE_URL: target.url ?? '',
        GOVGRAPH_PERSON_KEY: '11'.repeat(32), LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let batchesSeen = 0;
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      for (const m of d.toString().matchAll(/batches (\d+)/g)) batchesSeen = Math.max(batchesSeen, Number(m[1]));
      if (killAfterBatches !== undefined && batchesSeen >= killAfterBatches && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (killAfterBatches === undefined && code !== 0) reject(new Error(`sync exited ${code}: ${err.slice(-500)}`));
      else resolve({ code, signal, batchesSeen });
    });
  });
}

async function target(name: string): Promise<{ dataDir: string; url?: string }> {
  const tdb = await createTestDatabase();
  dbs.push(tdb);
  return { dataDir: join(dir, name), url: tdb.url };
}

it('a sync killed with SIGKILL mid-file and restarted ends with the same graph as an uninterrupted one', async () => {
  const straight = await target('straight');
  const killed = await target('killed');
  await runSync(straight);

  const first = await runSync(killed, 12);
  expect(first.signal).toBe('SIGKILL');
  expect(first.batchesSeen).toBeGreaterThanOrEqual(12);
  await runSync(killed);

  const a = await openDatabase({ url: straight.url, dataDir: straight.dataDir });
  const b = await openDatabase({ url: killed.url, dataDir: killed.dataDir });
  try {
    const [sa, sb] = [await graphSnapshot(a), await graphSnapshot(b)];
    expect(sa.enterprise!.length).toBeGreaterThan(9_500);
    expect(sb).toEqual(sa);
    // The killed first load held its deferred indexes: the restart built them.
    expect(await indexDefinitions(b)).toEqual(await indexDefinitions(a));
    // The killed run left a failed-or-running run behind; the restart resumed after it, it did not start over.
    const runs = await b.query<{ status: string; read: number }>(`select status, (counts->>'read')::int as read from sync_run order by id`);
    expect(runs).toHaveLength(2);
    expect(runs[0]!.status).toBe('running');
    expect(runs[1]!.status).toBe('succeeded');
    const total = (await a.query<{ read: number }>(`select (counts->>'read')::int as read from sync_run`))[0]!.read;
    expect(runs[1]!.read).toBeLessThan(total);
  } finally {
    await a.close();
    await b.close();
  }
}, 240_000);
