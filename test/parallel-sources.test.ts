/**
 * All six demo sources syncing at once — through their real connectors against the
 * simulator, in small batches so their transactions interleave on the shared tables
 * (persons, enterprises, the event log) — never deadlock, and end with the graph a
 * sequential run of the same world builds: every table compared, except the alerts (a
 * rule reads other sources' rows, so what it raised depends on which came first) and the
 * provenance of shared person rows (the last source to name a person).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { loadSettings } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { startDemoSources } from '../src/demo-sources.js';
import { PersonKeyring } from '../src/ingest/person-keyring.js';
import { sourceFromConfig, syncSource, type SourceDefinition, type SyncSummary } from '../src/ingest/pipeline.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { graphSnapshot } from './support/snapshot.js';

const WORLD = { enterprises: 600, seed: 31 };
/** Batches small enough that each source commits many times while the others do. */
const BATCH: Record<string, Record<string, unknown>> = {
  'market-registry': { batchSize: 50 }, credit: { batchSize: 50 }, realestate: { batchSize: 50 },
  land: { pageSize: 40 }, 'e-license': { limit: 40 }, tax: { pageSize: 200 },
};
const KEY = Buffer.alloc(32, 7);
const dir = mkdtempSync(join(tmpdir(), 'govgraph-parallel-'));
const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** A migrated database with the demo world's sources running against it; `sync` runs the six sources. */
async function ingest(name: string, sync: (run: (s: SourceDefinition) => Promise<SyncSummary>, sources: SourceDefinition[]) => Promise<SyncSummary[]>) {
  const tdb = await createTestDatabase();
  dbs.push(tdb);
  const database = await openDatabase({ url: tdb.url });
  await database.migrate();
  const demo = await startDemoSources({ demo: WORLD, dataDir: 'memory://', dir: join(dir, name), database });
  try {
    const entries = loadSettings({ GOVGRAPH_CONFIG: 'govgraph.demo.json' }).config.sources;
    expect(entries.map((s) => s.connector).sort()).toEqual(['credit', 'e-license', 'land', 'market-registry', 'realestate', 'tax']);
    const sources = entries.map((s) => {
      const def = sourceFromConfig(s);
      return { ...def, options: { ...(def.options as object), ...BATCH[s.connector] } };
    });
    const deps = { database, keyring: PersonKeyring.fromKey(KEY), log: pino({ level: 'silent' }), databaseUrl: tdb.url };
    const runs = await sync((s) => syncSource(deps, s), sources);
    for (const r of runs) expect(r.status, `${r.sourceId}: ${r.error}`).toBe('succeeded');
    return { database, runs };
  } finally {
    await demo.stop();
  }
}

/**
 * The graph without what depends on arrival order: alerts (rules read other sources'
 * rows), and which source last named a person (persons are shared; their values are not).
 */
async function graphOf(database: Database): Promise<Record<string, string[]>> {
  const { alert: _alerts, person: _persons, ...rest } = await graphSnapshot(database);
  const persons = await database.query<{ k: string }>(`select jsonb_build_array(person_hash, masked_id, name, holder_kind, content_hash)::text as k from person order by 1`);
  return { ...rest, person: persons.map((r) => r.k) };
}

it('six sources at once never deadlock and build the same graph as one after another', async () => {
  const sequential = await ingest('sequential', async (run, sources) => {
    const out: SyncSummary[] = [];
    for (const s of sources) out.push(await run(s));
    return out;
  });
  const parallel = await ingest('parallel', (run, sources) => Promise.all(sources.map(run)));
  try {
    // Enough commits to overlap: every source wrote several batches.
    for (const r of parallel.runs) expect(r.counts.batches, r.sourceId).toBeGreaterThan(1);
    // Not one deadlock to retry past: rows are locked in key order.
    for (const r of parallel.runs) expect(r.retries, r.sourceId).toBe(0);
    expect(parallel.runs.reduce((n, r) => n + r.counts.read, 0)).toBe(sequential.runs.reduce((n, r) => n + r.counts.read, 0));
    const a = await graphOf(sequential.database);
    const b = await graphOf(parallel.database);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const table of Object.keys(a)) expect(b[table], table).toEqual(a[table]);
    expect(a.enterprise!.length).toBeGreaterThan(500);
  } finally {
    await sequential.database.close();
    await parallel.database.close();
  }
}, 300_000);
