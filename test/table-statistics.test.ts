/**
 * A run keeps the planner's statistics of the tables it fills: after its 1st, 2nd, 4th …
 * committed batch (a small sample) and at its end (the usual one) — succeeded or failed —
 * it analyses the tables those batches wrote, when it has written at least MIN_ROWS rows
 * since it last did, and at no other time; a first load ends with VACUUM (ANALYZE). Read
 * through `pg_class` (`reltuples`, which only ANALYZE or VACUUM sets: -1 for a table never
 * analysed; `relallvisible`, which only VACUUM raises) and `pg_stats`.
 */
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { ConnectorError } from '../connectors/contract.js';
import { PersonKeyring } from '../src/ingest/person-keyring.js';
import { syncSource } from '../src/ingest/pipeline.js';
import { MIN_ROWS, SAMPLE_TARGET, tableStatistics } from '../src/ingest/table-statistics.js';
import { migratedTestDatabase } from './support/db.js';
import { ledgerLoan, ledgerSource } from './support/ledger.js';

const db = migratedTestDatabase();

/** Adds `n` tax payments (the table of kind `tax-payment`). */
async function addPayments(n: number) {
  const { database } = db.get();
  await database.exec(`insert into tax_payment (tin, year, month, tax_item, amount, source_updated_at, source_id, source_key, fetched_at, content_hash)
    select 'T' || (i + (select count(*) from tax_payment)), 2026, 1, '增值税', 1, now(), 's', 'k' || i, now(), 'h' from generate_series(1, ${n}) i`);
}
/** How many histogram bounds the last analyse kept for tax_payment.tin (every value distinct): SAMPLE_TARGET + 1 at most for a sampled one. */
const bounds = async () =>
  Number((await db.get().database.query<{ n: number }>(`select array_length(histogram_bounds::text::text[], 1) as n from pg_stats where tablename = 'tax_payment' and attname = 'tin'`))[0]!.n);
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
  // During the run, a small sample: it keeps the plans' shape, at a tenth of the cost.
  expect(await bounds()).toBe(SAMPLE_TARGET + 1);

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
  // The end reads the usual sample (100 units), for the readers' plans.
  expect(await bounds()).toBe(101);
});

/** Two batches of 1,200 loans, numbered from `from`. */
const loanBatches = (from: number) => [0, 1].map((b) => ({ items: Array.from({ length: 1_200 }, (_, i) => ledgerLoan(from + b * 1_200 + i)), cursor: { batch: b + 1 } }));

/** A lender's ledger: two batches of 1,200 loans, then the source fails for good. */
const failsAfterTwoBatches = ledgerSource('failing-ledger', loanBatches(0), new ConnectorError('CONNECTOR_PROTOCOL', 'failing-ledger', 'the ledger ended mid-file'));

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

it('a first load ends with VACUUM (ANALYZE) of the tables it filled; a later run only analyses', async () => {
  const { database } = db.get();
  await database.exec('truncate loan');
  const visibility = async () =>
    (await database.query<{ pages: number; visible: number; tuples: number }>(`select relpages as pages, relallvisible as visible, reltuples::float8 as tuples from pg_class where relname = 'loan'`))[0]!;
  const run = (from: number) => syncSource(
    { database, keyring: PersonKeyring.ephemeral(), log: pino({ level: 'silent' }), connectors: new Map([['ledger', ledgerSource('ledger', loanBatches(from))]]) },
    { id: `ledger-${from}`, connector: 'ledger', options: {} },
  );
  // The first load: every page of the table it filled is marked all-visible (only VACUUM does that), and counted.
  expect((await run(10_000)).status).toBe('succeeded');
  const first = await visibility();
  expect(first.pages).toBeGreaterThan(0);
  expect(first).toEqual({ pages: first.pages, visible: first.pages, tuples: 2_400 });
  // A run into a table that held rows: analysed (the count moves), not vacuumed (its new pages are not all-visible).
  expect((await run(20_000)).status).toBe('succeeded');
  const later = await visibility();
  expect(later.tuples).toBe(4_800);
  expect(later.pages).toBeGreaterThan(first.pages);
  expect(later.visible).toBeLessThan(later.pages);
});
