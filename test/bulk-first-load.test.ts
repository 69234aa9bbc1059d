/**
 * The bulk first load (ingest/deferred-indexes): a run that fills empty tables builds
 * their secondary indexes once, at its end. A whole demo world loaded that way equals the
 * same world loaded with every index maintained row by row — every table (the graph, the
 * quarantine, the cursors, the file ledger, the alerts and the change log) and every
 * index definition — and the deferral is taken for every secondary index of every table
 * the six sources fill. A second pass defers nothing and changes nothing. A run that dies
 * holding deferred indexes leaves them to the next run: of its source at once, of any
 * source once its hold has lapsed.
 */
import { getTableName } from 'drizzle-orm';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import type { Logger } from '../connectors/contract.js';
import { deferredIndex } from '../schema/index.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { indexDeferral, READ_BY_INGEST } from '../src/ingest/deferred-indexes.js';
import { MIN_ROWS } from '../src/ingest/table-statistics.js';
import { tablesOf } from '../src/ingest/writers/index.js';
import { demoIngestFor, ingestDemoWorld, oneAfterAnother } from './support/demo-ingest.js';
import { graphSnapshot, indexDefinitions } from './support/snapshot.js';

const o = demoIngestFor('bulk', { enterprises: 300, seed: 47 }, {
  'market-registry': { batchSize: 100 }, credit: { batchSize: 100 }, realestate: { batchSize: 100 },
  land: { pageSize: 60 }, 'e-license': { limit: 60 }, tax: { pageSize: 300 },
});

/** A logger that keeps the indexes each run reported deferring. */
function deferralLog(into: string[]): Logger {
  const silent = pino({ level: 'silent' });
  return {
    info: (obj, msg) => {
      if (msg?.startsWith('first load')) into.push(...(obj as { indexes: string[] }).indexes);
    },
    warn: (obj, msg) => silent.warn(obj, msg),
    error: (obj, msg) => silent.error(obj, msg),
  };
}

/**
 * Secondary indexes of `tables` some statement has scanned since the database was made (no
 * GraphQL read ran there: the ingest did). Closes `database`: a PostgreSQL server process
 * reports its counts when it ends (an idle one only every few seconds); PGlite's one process
 * is asked to.
 */
async function indexesReadBy(database: Database, url: string | undefined, tables: ReadonlySet<string>): Promise<string[]> {
  let reader = database;
  if (url) {
    await database.close();
    reader = await openDatabase({ url });
  } else {
    await database.exec('select pg_stat_force_next_flush()');
  }
  try {
    const rows = await reader.query<{ name: string }>(`
      select s.indexrelname as name from pg_stat_user_indexes s join pg_index x on x.indexrelid = s.indexrelid
      where not x.indisunique and not x.indisprimary and s.idx_scan > 0 and s.relname = any($1::text[]) order by 1`, [[...tables]]);
    return rows.map((r) => r.name);
  } finally {
    await reader.close();
  }
}

it('a first load with deferred indexes stores, quarantines, alerts and indexes exactly what row-by-row maintenance does', async () => {
  const deferred: string[] = [];
  const rowByRow = await ingestDemoWorld(o, 'row-by-row', oneAfterAnother, { bulkFirstLoad: false, log: deferralLog(deferred) });
  expect(deferred).toEqual([]);
  const bulk = await ingestDemoWorld(o, 'bulk', oneAfterAnother, { log: deferralLog(deferred) });
  try {
    const [a, b] = [await graphSnapshot(rowByRow.database), await graphSnapshot(bulk.database)];
    expect(a.enterprise!.length).toBeGreaterThan(250);
    expect(a.alert!.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(b.deferred_index).toEqual([]);
    expect(await indexDefinitions(bulk.database)).toEqual(await indexDefinitions(rowByRow.database));
    // The tax run wrote more than MIN_ROWS rows: the planner's idea of its tables' sizes is behind by less than that.
    const [payments] = await bulk.database.query<{ rows: number; known: number }>(
      `select (select count(*) from tax_payment)::int as rows, (select reltuples::int from pg_class where relname = 'tax_payment') as known`);
    expect(payments!.rows).toBeGreaterThan(MIN_ROWS);
    expect(payments!.known).toBeGreaterThan(0);
    expect(payments!.rows - payments!.known).toBeLessThan(MIN_ROWS);

    // Every secondary index of every table a source filled was deferred, except those the ingest reads by.
    const written = new Set(Object.values(tablesOf).flat().map((t) => getTableName(t)).filter((t) => (a[t] ?? []).length > 0));
    const secondary = await rowByRow.database.query<{ name: string }>(`
      select c.relname as name from pg_index x join pg_class c on c.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
      where not x.indisunique and not x.indisprimary and t.relname = any($1::text[]) order by 1`, [[...written]]);
    expect(secondary.length).toBeGreaterThan(10);
    expect([...deferred].sort()).toEqual(secondary.map((r) => r.name).filter((n) => !READ_BY_INGEST.has(n)));
    // Every index the row-by-row load read its tables by is one a first load keeps.
    const read = await indexesReadBy(rowByRow.database, rowByRow.url, written);
    expect(read.length).toBeGreaterThan(3);
    for (const index of read) expect(READ_BY_INGEST.has(index), `${index} is read by the ingest`).toBe(true);

    // A second pass over tables that hold rows defers nothing and changes nothing.
    deferred.length = 0;
    const again = await bulk.again();
    expect(deferred).toEqual([]);
    expect(again.reduce((n, r) => n + r.counts.inserted + r.counts.updated, 0)).toBe(0);
    expect(await graphSnapshot(bulk.database)).toEqual(b);
  } finally {
    await rowByRow.stop();
    await bulk.stop();
  }
}, 300_000);

it('indexes a dead run deferred are built by the next run of its source at once, and by any run once the hold lapses', async () => {
  const world = await ingestDemoWorld({ ...o, world: { enterprises: 20, seed: 5 } }, 'abandoned', oneAfterAnother);
  const { database } = world;
  try {
    const full = await indexDefinitions(database);
    const silent = pino({ level: 'silent' });
    // Two runs "die" holding deferrals: the loan table's (source credit) and the license table's (source e-license).
    await database.db.delete(deferredIndex);
    await database.exec('truncate loan, license cascade');
    await indexDeferral(database, 'credit', 9001, true, silent).beforeBatch(['loan']);
    await indexDeferral(database, 'e-license', 9002, true, silent).beforeBatch(['license']);
    const held = await database.db.select().from(deferredIndex);
    expect(new Set(held.map((h) => h.tableName))).toEqual(new Set(['loan', 'license']));
    expect((await indexDefinitions(database)).length).toBe(full.length - held.length);

    // The next credit run takes its source's deferral back at once; the license table's is still held.
    await world.again(['credit']);
    expect((await database.db.select().from(deferredIndex)).map((h) => h.tableName)).toEqual(held.filter((h) => h.tableName === 'license').map(() => 'license'));

    // Once the hold lapses, any run builds it.
    await database.exec(`update deferred_index set held_until = now() - interval '1 second'`);
    await world.again();
    expect(await database.db.select().from(deferredIndex)).toEqual([]);
    expect(await indexDefinitions(database)).toEqual(full);
  } finally {
    await world.stop();
  }
}, 300_000);
