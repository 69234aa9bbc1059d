/**
 * schema/alerts
 *
 * The event log that subscriptions are served from. `alert` and `entity_change` rows are
 * written by ingest in the same transaction as the change that caused them; their ids are
 * handed out under one transaction-scoped lock, so id order is commit order and an id is a
 * cursor that never skips a row committed later. `alert_rule` holds the rules that turn
 * changes into alerts, with their parameters.
 */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const alertRule = pgTable(
  'alert_rule',
  {
    id: serial('id').primaryKey(),
    /** LICENSE_EXPIRING | ADMIN_PENALTY | COURT_DEFAULTER | TAX_ARREARS | TAX_RATING_D | NEW_MORTGAGE | DEREGISTERED_WITH_VALID_LICENSES | PARCEL_STALLED */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Principal id of the last change. */
    updatedBy: text('updated_by').notNull(),
    /** Time-based rules: the last day a scheduled evaluation covered. */
    scheduledThrough: date('scheduled_through'),
  },
  (t) => [uniqueIndex('alert_rule_name_key').on(t.name)],
);

export const alert = pgTable(
  'alert',
  {
    /** The cursor: monotonic in commit order. */
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ruleId: integer('rule_id').notNull(),
    kind: text('kind').notNull(),
    /** INFO | WARNING | CRITICAL */
    severity: text('severity').notNull(),
    /** The same rule never raises the same occurrence twice (e.g. `license:<id>:<validTo>`). */
    dedupeKey: text('dedupe_key').notNull(),
    /** The entity the alert is about: a GraphQL type name and its national key. */
    subjectType: text('subject_type').notNull(),
    subjectKey: text('subject_key').notNull(),
    enterpriseUscc: text('enterprise_uscc'),
    parcelCode: text('parcel_code'),
    divisionCode: text('division_code'),
    /** The source whose change raised it; null for scheduled rules. */
    sourceId: text('source_id'),
    title: text('title').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    /** The day the underlying fact happened or falls due (expiry day, decision day, …). */
    factOn: date('fact_on'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true, mode: 'date' }),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgeNote: text('acknowledge_note'),
  },
  (t) => [
    uniqueIndex('alert_dedupe_key').on(t.ruleId, t.dedupeKey),
    index('alert_kind_idx').on(t.kind, t.id),
    index('alert_enterprise_idx').on(t.enterpriseUscc, t.id),
    index('alert_parcel_idx').on(t.parcelCode, t.id),
    index('alert_division_idx').on(t.divisionCode, t.id),
    index('alert_open_idx').on(t.id).where(sql`${t.acknowledgedAt} is null`),
  ],
);

export const entityChange = pgTable(
  'entity_change',
  {
    /** The cursor: monotonic in commit order, shared lock with `alert`. */
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** GraphQL type name of the changed record (Enterprise, License, TaxArrears, …). */
    entityType: text('entity_type').notNull(),
    entityKey: text('entity_key').notNull(),
    /** CREATED | UPDATED | WITHDRAWN */
    op: text('op').notNull(),
    /** Column names whose values changed (all set columns for CREATED). */
    fields: text('fields').array().notNull(),
    sourceId: text('source_id').notNull(),
    /** The enterprise and parcel the record belongs to, so a watcher of either sees it. */
    enterpriseUscc: text('enterprise_uscc'),
    parcelCode: text('parcel_code'),
    changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('entity_change_entity_idx').on(t.entityType, t.entityKey, t.id),
    // A watcher finds changes by the enterprise or parcel they name; a change naming none needs no entry.
    index('entity_change_enterprise_idx').on(t.enterpriseUscc, t.id).where(sql`${t.enterpriseUscc} is not null`),
    index('entity_change_parcel_idx').on(t.parcelCode, t.id).where(sql`${t.parcelCode} is not null`),
    // Rows arrive in time order, so a block range index serves the retention prune at a fraction of a B-tree's upkeep.
    index('entity_change_changed_at_idx').using('brin', t.changedAt),
  ],
);
