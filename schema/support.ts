/**
 * schema/support
 *
 * 免申即享 — support policies (惠企政策) held as records: title, issuing department,
 * period, and eligibility as a stored filter in the analysts' enterprise filter language
 * with a few named parameters. Versioned: a changed criterion is a new version row, never
 * an edit; matches and POLICY_ELIGIBLE alerts name the version. Each version keeps its
 * criterion as the author wrote it and as compiled under the author's policy (SQL text
 * pieces with their parameters apart), which is what ingest evaluates changed rows by.
 */
import { boolean, date, integer, jsonb, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const supportPolicy = pgTable('support_policy', {
  id: serial('id').primaryKey(),
  title: text('title').notNull(),
  /** 发文部门 (the issuing department, as written). */
  issuer: text('issuer').notNull(),
  validFrom: date('valid_from'),
  validTo: date('valid_to'),
  currentVersion: integer('current_version').notNull(),
  withdrawn: boolean('withdrawn').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  createdBy: text('created_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
});

export const supportPolicyVersion = pgTable(
  'support_policy_version',
  {
    policyId: integer('policy_id').notNull(),
    version: integer('version').notNull(),
    /** The enterprise filter as written, `"$name"` strings standing for parameters. */
    criteria: jsonb('criteria').$type<Record<string, unknown>>().notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    /** The criterion compiled over the `enterprise` table: SQL text pieces and `{ "param": value }` pieces. */
    compiled: jsonb('compiled').$type<readonly (string | { param: unknown })[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.policyId, t.version] })],
);
