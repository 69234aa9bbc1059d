/**
 * schema/ingest
 *
 * The ingest ledger: rejected source rows (quarantine, with raw content and a specific
 * reason), each source's cursor (committed in the same transaction as its batch), and
 * sync runs with their counts.
 */
import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
    /** The canonical input the connector mapped, when it got that far: what reprocessing validates again. */
    input: jsonb('input').$type<Record<string, unknown>>(),
    /** How it was resolved: REPROCESSED (accepted on a later check). */
    resolution: text('resolution'),
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
    /** Complete lists that withdrew nothing, and why: `[{ list, day, reason }]`. */
    withdrawalsSkipped: jsonb('withdrawals_skipped').$type<{ list: string; day: string; reason: string }[]>(),
    cursor: jsonb('cursor').$type<unknown>(),
    error: text('error'),
  },
  (t) => [index('sync_run_source_idx').on(t.sourceId, t.id)],
);

/**
 * Files a drop-folder source has delivered: each is taken once (name + content hash); a
 * batch number seen again with other content is refused and reported.
 */
export const sourceFile = pgTable(
  'source_file',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sourceId: text('source_id').notNull(),
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    batchNo: text('batch_no'),
    /** processed | rejected */
    status: text('status').notNull(),
    records: integer('records').notNull(),
    detail: text('detail'),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('source_file_key').on(t.sourceId, t.name, t.sha256), index('source_file_batch_idx').on(t.sourceId, t.batchNo)],
);

/** Pushed events (webhooks) stored before they are acknowledged; a replayed event id is a no-op. */
export const pushEvent = pgTable(
  'push_event',
  {
    sourceId: text('source_id').notNull(),
    eventId: text('event_id').notNull(),
    bodySha256: text('body_sha256').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.eventId] })],
);

/**
 * Rows of a day's full list that were present but whose key could not be read (a ragged
 * row, a missing 决定文书号): while a list day has one, that list withdraws nothing, since
 * the unreadable row may be any record. Written in the batch's own transaction, so a run
 * resumed mid-list still knows.
 */
export const listGap = pgTable(
  'list_gap',
  {
    sourceId: text('source_id').notNull(),
    /** `credit-record:PENALTY`, `loan`, … */
    list: text('list').notNull(),
    day: text('day').notNull(),
    /** The first unreadable row's reason. */
    reason: text('reason').notNull(),
    rows: integer('rows').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.list, t.day] })],
);

/**
 * Secondary indexes a first load dropped to build once at its end (ingest/deferred-indexes):
 * each row is an index still to be rebuilt from its definition. The run holds its rows
 * while `held_until` lies ahead (extended with every batch); rows of a run that ended
 * without rebuilding them (killed) are rebuilt by the next run that starts.
 */
export const deferredIndex = pgTable('deferred_index', {
  indexName: text('index_name').primaryKey(),
  tableName: text('table_name').notNull(),
  /** `pg_get_indexdef` of the dropped index. */
  definition: text('definition').notNull(),
  sourceId: text('source_id').notNull(),
  runId: integer('run_id').notNull(),
  heldUntil: timestamp('held_until', { withTimezone: true, mode: 'date' }).notNull(),
});
