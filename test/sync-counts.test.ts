/**
 * A failed run reports only what it committed. A run whose second batch fails inside its
 * transaction (here PostgreSQL refuses the batch's cursor, after its records were
 * written, so the whole batch rolls back) records the first batch's counts and nothing of
 * the second, in its summary and in its sync_run row alike.
 */
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { PersonKeyring } from '../src/ingest/person-keyring.js';
import { syncSource } from '../src/ingest/pipeline.js';
import { migratedTestDatabase } from './support/db.js';
import { ledgerLoan, ledgerSource } from './support/ledger.js';

const db = migratedTestDatabase();

/** A ledger whose second batch carries a cursor PostgreSQL cannot store (a NUL in jsonb): that batch's transaction fails. */
const failsInSecondBatch = ledgerSource('failing-ledger', [
  { items: [0, 1, 2].map((i) => ledgerLoan(i)), cursor: { batch: 1 } },
  { items: [3, 4, 5, 6, 7].map((i) => ledgerLoan(i)).concat([{ ok: false, recordKind: 'loan', sourceKey: null, raw: 'x', reasonCode: 'CSV_RAGGED_ROW', reason: 'ragged' }]), cursor: { batch: '2\u0000' } },
]);

it('counts only the batch that committed, in the summary and in sync_run', async () => {
  const { database } = db.get();
  const deps = { database, keyring: PersonKeyring.ephemeral(), log: pino({ level: 'silent' }), connectors: new Map([['failing-ledger', failsInSecondBatch]]) };
  const run = await syncSource(deps, { id: 'ledger', connector: 'failing-ledger', options: {} });
  expect(run.status).toBe('failed');
  expect(run.error).toMatch(/^INGEST_FAILED: /);
  const committed = { read: 3, inserted: 3, updated: 0, unchanged: 0, quarantined: 0, withdrawn: 0, alerts: 0, batches: 1 };
  expect(run.counts).toEqual(committed);
  expect(run.cursor).toEqual({ batch: 1 });
  const [row] = await database.query<{ counts: unknown; status: string }>(`select counts, status from sync_run where id = $1`, [run.runId]);
  expect(row!.status).toBe('failed');
  expect(typeof row!.counts === 'string' ? JSON.parse(row!.counts) : row!.counts).toEqual(committed);
  // What the database holds agrees: three loans, no quarantine from the rolled-back batch.
  expect(await database.query(`select contract_no from loan order by contract_no`)).toEqual([{ contract_no: 'L-0' }, { contract_no: 'L-1' }, { contract_no: 'L-2' }]);
  expect(await database.query(`select id from quarantine`)).toHaveLength(0);
});
