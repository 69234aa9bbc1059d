/**
 * schema/audit
 *
 * The read audit: one row per operation (or per subscription event), append-only and
 * hash-chained — each row's hash covers its content and the previous row's hash, so an
 * edited or deleted row breaks the chain at that point (`npm run audit:verify`).
 * Variables are stored as the exact JSON text that was hashed, already redacted.
 */
import { bigserial, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const readAudit = pgTable(
  'read_audit',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    principalId: text('principal_id').notNull(),
    department: text('department'),
    /** http | ws */
    transport: text('transport').notNull(),
    /** query | mutation | subscription (one row per event delivered) */
    operationType: text('operation_type').notNull(),
    operationName: text('operation_name'),
    documentSha256: text('document_sha256').notNull(),
    /** Redacted variables, as canonical JSON text. */
    variables: text('variables').notNull(),
    /** `Type:key` of the entities returned (at most 1000; see entityCount). */
    entities: text('entities').array().notNull(),
    entityCount: integer('entity_count').notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** ok | error */
    outcome: text('outcome').notNull(),
    errorCodes: text('error_codes').array().notNull(),
    purpose: text('purpose'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('read_audit_entities_idx').using('gin', t.entities),
    index('read_audit_principal_idx').on(t.principalId, t.seq),
    // One successor per row: two writers chaining after the same head cannot both commit (no fork).
    uniqueIndex('read_audit_prev_hash_key').on(t.prevHash),
  ],
);
