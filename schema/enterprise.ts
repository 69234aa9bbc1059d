/**
 * schema/enterprise
 *
 * Enterprises keyed by USCC. Pre-2015 records may carry only the 15-digit 注册号; such a
 * row has no USCC until a record names both, when it is merged (never guessed).
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, date, index, jsonb, numeric, pgTable, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { provenance } from './columns.js';

export const enterprise = pgTable(
  'enterprise',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uscc: text('uscc'),
    regNo: text('reg_no'),
    name: text('name').notNull(),
    entityType: text('entity_type'),
    legalRepName: text('legal_rep_name'),
    legalRepIdType: text('legal_rep_id_type'),
    /** Keyed hash of the legal representative's ID number (links to `person`). */
    legalRepPersonHash: text('legal_rep_person_hash'),
    /** 注册资本, 万元 */
    registeredCapital: numeric('registered_capital', { precision: 18, scale: 4 }),
    establishedOn: date('established_on'),
    status: text('status').notNull(),
    address: text('address'),
    divisionCode: text('division_code'),
    industryCode: text('industry_code'),
    registrationAuthority: text('registration_authority'),
    approvedOn: date('approved_on'),
    deregisteredOn: date('deregistered_on'),
    warnings: jsonb('warnings').$type<string[]>(),
    /** When the source's view was current (feed event time, or bulk file date): an older view never overwrites a newer one. */
    sourceUpdatedAt: timestamp('source_updated_at', { withTimezone: true, mode: 'date' }),
    ...provenance(),
  },
  (t) => [
    uniqueIndex('enterprise_uscc_key').on(t.uscc),
    uniqueIndex('enterprise_reg_no_key').on(t.regNo),
    index('enterprise_division_idx').on(t.divisionCode, t.id),
    index('enterprise_status_idx').on(t.status, t.id),
    // Counts of a division's enterprises by status (a page's totalCount) read this index alone.
    index('enterprise_division_status_idx').on(t.divisionCode, t.status),
    // Analyst orderings (graphql/analyst): every field a connection sorts by, then its tiebreak
    // (test/sortable-indexes). They serve the range filters on these fields too.
    index('enterprise_established_idx').on(t.establishedOn, t.id),
    index('enterprise_capital_idx').on(t.registeredCapital, t.id),
    index('enterprise_industry_idx').on(t.industryCode, t.id),
    index('enterprise_name_idx').on(t.name, t.id),
    index('enterprise_approved_idx').on(t.approvedOn, t.id),
    // The USCC key alone leaves enterprises without one (注册号 only) unordered among themselves.
    index('enterprise_uscc_order_idx').on(t.uscc, t.id),
    index('enterprise_legal_rep_idx').on(t.legalRepPersonHash),
    // Name search (`contains`, `startsWith`): every two-character piece of the name, so a
    // two-character Chinese word (科技) finds its rows as a longer text does (migration 0019).
    index('enterprise_name_bigram_idx').using('gin', sql`gg_bigrams(${t.name})`),
    check('enterprise_has_key', sql`${t.uscc} is not null or ${t.regNo} is not null`),
  ],
);

/**
 * How many enterprises each (division, status) holds, kept by triggers on `enterprise` in
 * the same transaction as every insert, update, delete and truncate (migration
 * 0017_enterprise_tally): a count whose filter and row scope name only these two columns
 * (a city's subsisting enterprises) sums a few tally rows instead of reading every match.
 */
export const enterpriseTally = pgTable(
  'enterprise_tally',
  {
    divisionCode: text('division_code'),
    status: text('status').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [unique('enterprise_tally_key').on(t.divisionCode, t.status).nullsNotDistinct()],
);

/** Registration events: setup, change, cancellation, revocation. */
export const enterpriseEvent = pgTable(
  'enterprise_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uscc: text('uscc'),
    regNo: text('reg_no'),
    kind: text('kind').notNull(),
    occurredOn: date('occurred_on').notNull(),
    /** Change-feed sequence when the event came from the feed. */
    seq: text('seq'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    ...provenance(),
  },
  (t) => [
    index('enterprise_event_uscc_idx').on(t.uscc, t.occurredOn),
    index('enterprise_event_reg_no_idx').on(t.regNo),
    uniqueIndex('enterprise_event_natural_key').on(t.sourceId, t.sourceKey),
  ],
);
