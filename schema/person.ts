/**
 * schema/person
 *
 * Natural persons, linked across sources by a keyed hash (HMAC-SHA256) of the ID number.
 * The display form is masked; the clear number lives only in `person_identity`, a separate
 * table that department policies guard on its own.
 */
import { pgTable, text } from 'drizzle-orm/pg-core';
import { provenance } from './columns.js';

export const person = pgTable('person', {
  personHash: text('person_hash').primaryKey(),
  maskedId: text('masked_id').notNull(),
  name: text('name'),
  /** resident | hmt-resident | foreign-permanent-resident */
  holderKind: text('holder_kind').notNull(),
  ...provenance(),
});

export const personIdentity = pgTable('person_identity', {
  personHash: text('person_hash').primaryKey(),
  idNumber: text('id_number').notNull(),
});
