/**
 * A run keeps the planner's statistics of the tables it fills: after its 1st, 2nd, 4th …
 * committed batch and at its end — succeeded or failed — it analyses the tables those
 * batches wrote, when it has written at least MIN_ROWS rows since it last did, and at no
 * other time. Read through `pg_class.reltuples`, which only ANALYZE (or VACUUM) sets: -1
 * for a table never analysed.
 */
import { pino } from 'pino';
import { z } from 'zod';
import { expect, it } from 'vitest';
import { ConnectorError, defineConnector, type PullBatch } from '../connectors/contract.js';
import { PersonKeyring } from '../src/ingest/person-keyring.js';
import { syncSource } from '../src/ingest/pipeline.js';
import { MIN_ROWS, tableStatistics } from '../src/ingest/table-statistics.js';
import { migratedTestDatabase } from './support/db.js';
import { ledgerLoan } from './support/ledger.js';

const db = migratedTestDatabase();

/** Adds `n` tax payments (the table of kind `tax-payment`). */
async function addPayments(n: number) {
  const { database } = db.get();
  await database.exec(`insert into tax_payment (tin, year, month, tax_item, amount, source_updated_at, source_id, source_key, fetched_at, content_hash)
    select 'T' || (i + (select count(*) from tax_payment)), 2026, 1, '增值税', 1, now(), 's', 'k' || i, now(), 'h' from generate_series(1, ${n}) i`);
}
const known = async (table: string) =>
  Number((await db.get().database.query<{ n: number }>(`select reltuples::float8 as n from pg_class where relname = $1`, [table]))[0]!.n);

it('analyses what a run wrote after batches 1, 2, 4, 8 … and at its end, once enough rows were written', async () => {
  const stats = tableStatistics(db.get().database);
  expect(MIN_ROWS).toBe(1_000);
  expect(await known('tax_payment')).toBe(-1);

  // Batch 1 wrote too little: nothing analysed.
  await addPayments(400);
  stats.committed(['tax-payment'], 400);
  await stats.refresh();
  expect(await known('tax_payment')).toBe(-1);

  // Batch 2 brings the run past MIN_ROWS since the last analyse: analysed, and only the tables written.
  await addPayments(700);
  stats.committed(['tax-payment'], 700);
  await stats.refresh();
  expect(await known('tax_payment')).toBe(1_100);
  expect(await known('enterprise')).toBe(-1);

  // Batch 3 is not a power of two: left as it was, however much it wrote.
  await addPayments(5_000);
  stats.committed(['tax-payment'], 5_000);
  await stats.refresh();
  expect(await known('tax_payment')).toBe(1_100);

  // Batch 4 is: analysed again.
  stats.committed([], 0);
  await stats.refresh();
  expect(await known('tax_payment')).toBe(6_100);

  // The end analyses what was written since, when it is enough.
  await addPayments(2_000);
  stats.committed(['tax-payment'], 2_000);
  await stats.finish();
  expect(await known('tax_payment')).toBe(8_100);
});

/** A lender's ledger: two batches of 1,200 loans, then the source fails for good. */
const failsAfterTwoBatches = defineConnector({
  kind: 'failing-ledger',
  version: '1',
  configSchema: z.strictObject({}),
  async healthCheck() {},
  async *pull(): AsyncIterable<PullBatch> {
    for (const b of [0, 1]) yield { items: Array.from({ length: 1_200 }, (_, i) => ledgerLoan(b * 1_200 + i)), cursor: { batch: b + 1 } };
    throw new ConnectorError('CONNECTOR_PROTOCOL', 'failing-ledger', 'the ledger ended mid-file');
  },
});

it('a failed run analyses what it committed since it last did, before it reports', async () => {
  const { database } = db.get();
  // Row by row: building deferred indexes would set the table's row count (reltuples) itself.
  const deps = { database, keyring: PersonKeyring.ephemeral(), log: pino({ level: 'silent' }), connectors: new Map([['failing-ledger', failsAfterTwoBatches]]), bulkFirstLoad: false };
  const run = await syncSource(deps, { id: 'ledger', connector: 'failing-ledger', options: {} });
  expect(run.status).toBe('failed');
  expect(run.counts.inserted).toBe(2_400);
  // Batch 1 was analysed when batch 2 arrived; batch 2 only by the failed run's end.
  expect(await known('loan')).toBe(2_400);
});
