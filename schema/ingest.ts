/**
 * schema/ingest
 *
 * The ingest ledger: rejected source rows (quarantine, with raw content and a specific
 * reason), each source's cursor (committed in the same transaction as its batch), and
 * sync runs with their counts.
 */
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const quarantine = pgTable(
  'quarantine',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sourceId: text('source_id').notNull(),
    /** The record's key in the source when it could be read. */
    sourceKey: text('source_key'),
    recordKind: text('record_kind').notNull(),
    /** Stable machine code, e.g. USCC_CHECKSUM, BAD_DATE, CSV_RAGGED_ROW. */
    reasonCode: text('reason_code').notNull(),
    reason: text('reason').notNull(),
    raw: text('raw').notNull(),
    rawHash: text('raw_hash').notNull(),
    runId: integer('run_id'),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('quarantine_raw_key').on(t.sourceId, t.rawHash, t.reasonCode), index('quarantine_source_idx').on(t.sourceId, t.id)],
);

export const syncState = pgTable('sync_state', {
  sourceId: text('source_id').primaryKey(),
  cursor: jsonb('cursor').$type<unknown>(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});

export const syncRun = pgTable(
  'sync_run',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sourceId: text('source_id').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    /** running | succeeded | failed */
    status: text('status').notNull(),
    counts: jsonb('counts').$type<Record<string, number>>().notNull(),
    cursor: jsonb('cursor').$type<unknown>(),
    error: text('error'),
  },
  (t) => [index('sync_run_source_idx').on(t.sourceId, t.id)],
);
