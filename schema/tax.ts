/**
 * schema/tax
 *
 * Tax data keyed by the taxpayer identification number (= the USCC for enterprises):
 * registration status, annual credit rating, arrears by tax item, monthly payments.
 */
import { bigint, date, index, integer, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { provenance } from './columns.js';

export const taxpayer = pgTable(
  'taxpayer',
  {
    tin: text('tin').primaryKey(),
    /** Set when the TIN is a valid USCC: the link to `enterprise`. */
    uscc: text('uscc'),
    name: text('name').notNull(),
    /** 正常 | 非正常户 | 注销 */
    status: text('status').notNull(),
    taxOffice: text('tax_office'),
    industryCode: text('industry_code'),
    sourceUpdatedAt: timestamp('source_updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    ...provenance(),
  },
  // Analyst orderings: each sortable field, then the tiebreak (test/sortable-indexes).
  (t) => [index('taxpayer_uscc_idx').on(t.uscc), index('taxpayer_name_idx').on(t.name, t.tin), index('taxpayer_industry_idx').on(t.industryCode, t.tin)],
);

export const taxRating = pgTable(
  'tax_rating',
  {
    tin: text('tin').notNull(),
    year: integer('year').notNull(),
    /** A | B | M | C | D */
    rating: text('rating').notNull(),
    sourceUpdatedAt: timestamp('source_updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    ...provenance(),
  },
  // The key carries `rating` too (INCLUDE, migration 0020, which drizzle cannot declare): an
  // enterprise's latest rating is then read from the index alone.
  (t) => [primaryKey({ columns: [t.tin, t.year] })],
);

export const taxArrears = pgTable(
  'tax_arrears',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    tin: text('tin').notNull(),
    taxItem: text('tax_item').notNull(),
    /** yuan */
    amount: numeric('amount', { precision: 18, scale: 2 }).notNull(),
    since: date('since'),
    /** 未缴 | 已缴 */
    status: text('status').notNull(),
    sourceUpdatedAt: timestamp('source_updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    ...provenance(),
  },
  (t) => [index('tax_arrears_tin_idx').on(t.tin)],
);

export const taxPayment = pgTable(
  'tax_payment',
  {
    tin: text('tin').notNull(),
    year: integer('year').notNull(),
    month: integer('month').notNull(),
    taxItem: text('tax_item').notNull(),
    /** yuan */
    amount: numeric('amount', { precision: 18, scale: 2 }).notNull(),
    sourceUpdatedAt: timestamp('source_updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    ...provenance(),
  },
  (t) => [primaryKey({ columns: [t.tin, t.year, t.month, t.taxItem] })],
);
