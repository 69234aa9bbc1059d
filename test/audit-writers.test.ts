/**
 * The read audit's writers hold the chain head and append each group of rows in one
 * INSERT; several writers (several hubs) on one database extend one chain, because the
 * unique index on `prev_hash` refuses a second successor and the stale writer chains again.
 * On PostgreSQL the writers have their own connection pools, as two hubs would.
 */
import { afterAll, expect, it } from 'vitest';
import { AuditWriter, verifyAudit, type AuditEntry } from '../src/audit/audit-log.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { migratedTestDatabase } from './support/db.js';

const db = migratedTestDatabase();
let two: Database | undefined;
afterAll(async () => {
  if (two !== db.get().database) await two?.close();
});

const entry = (i: number, hub: string): AuditEntry => ({
  at: new Date(Date.UTC(2026, 10, 29, 12, 0, 0, i)), principalId: `key:${hub}`, department: 'analyst', transport: 'http', operationType: 'query',
  operationName: `Op${i}`, document: `{ op${i} }`, variables: { i }, entities: [`Enterprise:${i}`], durationMs: 1, outcome: 'ok', errorCodes: [], purpose: null,
});

it('two writers appending at once extend one unbroken chain, every row kept', async () => {
  const { tdb, database: one } = db.get();
  // PGlite in memory is one database per handle: both writers then share it, as requests of one hub do.
  two = tdb.url ? await openDatabase({ url: tdb.url }) : one;
  const a = new AuditWriter(one.db);
  const b = new AuditWriter(two.db);
  // Interleaved bursts: each writer's head goes stale again and again.
  for (let round = 0; round < 5; round++) {
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).append(entry(round * 40 + i, i % 2 ? 'hub-a' : 'hub-b'))));
  }
  const result = await verifyAudit(one.db);
  expect(result).toEqual({ rows: 200, broken: null });
  const names = await one.query<{ n: string }>('select count(distinct operation_name)::text as n from read_audit');
  expect(names[0]!.n).toBe('200');
  // No two rows link to the same predecessor.
  await expect(one.query(`insert into read_audit (at, principal_id, transport, operation_type, document_sha256, variables, entities, entity_count, duration_ms, outcome, error_codes, prev_hash, hash)
    select at, principal_id, transport, operation_type, document_sha256, variables, entities, entity_count, duration_ms, outcome, error_codes, prev_hash, 'fork' from read_audit order by seq desc limit 1`)).rejects.toThrow();
});
