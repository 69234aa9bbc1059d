/**
 * All six demo sources syncing at once — through their real connectors against the
 * simulator, in small batches so their transactions interleave on the shared tables
 * (persons, enterprises, the event log) — never deadlock, and end with the graph a
 * sequential run of the same world builds: every table compared, except the alerts (a
 * rule reads other sources' rows, so what it raised depends on which came first) and the
 * provenance of shared person rows (the last source to name a person).
 */
import { expect, it } from 'vitest';
import type { Database } from '../src/db/client.js';
import { demoIngestFor, ingestDemoWorld, oneAfterAnother } from './support/demo-ingest.js';
import { graphSnapshot } from './support/snapshot.js';

/** Batches small enough that each source commits many times while the others do. */
const o = demoIngestFor('parallel', { enterprises: 600, seed: 31 }, {
  'market-registry': { batchSize: 50 }, credit: { batchSize: 50 }, realestate: { batchSize: 50 },
  land: { pageSize: 40 }, 'e-license': { limit: 40 }, tax: { pageSize: 200 },
});

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
  const sequential = await ingestDemoWorld(o, 'sequential', oneAfterAnother);
  await sequential.stop();
  const parallel = await ingestDemoWorld(o, 'parallel', (run, sources) => Promise.all(sources.map(run)));
  await parallel.stop();
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
