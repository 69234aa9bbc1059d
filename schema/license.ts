/**
 * schema/license
 *
 * E-licenses (电子证照) keyed by their GB/T 36904 identifier. The holder is an enterprise
 * (by USCC) or a person (by keyed hash).
 */
import { date, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { provenance } from './columns.js';

export const license = pgTable(
  'license',
  {
    licenseId: text('license_id').primaryKey(),
    typeCode: text('type_code').notNull(),
    typeName: text('type_name').notNull(),
    holderName: text('holder_name').notNull(),
    holderIdType: text('holder_id_type').notNull(),
    holderUscc: text('holder_uscc'),
    holderPersonHash: text('holder_person_hash'),
    issuer: text('issuer'),
    issuerUscc: text('issuer_uscc'),
    issuedOn: date('issued_on'),
    validFrom: date('valid_from'),
    /** null = 长期 (no expiry) */
    validTo: date('valid_to'),
    /** VALID | REVOKED | CANCELLED */
    status: text('status').notNull(),
    sourceUpdatedAt: timestamp('source_updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    fields: jsonb('fields').$type<Record<string, unknown>>(),
    warnings: jsonb('warnings').$type<string[]>(),
    ...provenance(),
  },
  (t) => [
    index('license_holder_uscc_idx').on(t.holderUscc),
    index('license_holder_person_idx').on(t.holderPersonHash),
    // Analyst orderings: each sortable field, then the tiebreak (test/sortable-indexes); valid_to's also serves the expiry alerts.
    index('license_valid_to_idx').on(t.validTo, t.licenseId),
    index('license_issued_idx').on(t.issuedOn, t.licenseId),
    index('license_valid_from_idx').on(t.validFrom, t.licenseId),
    index('license_type_idx').on(t.typeCode, t.licenseId),
  ],
);
