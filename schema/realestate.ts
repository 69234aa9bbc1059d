/**
 * schema/realestate
 *
 * Real-estate units (不动产单元, their first 19 chars are their parcel's code) and the
 * registrations on them: right holders with shares, mortgages with mortgagee and amount,
 * and cancellations naming the registration they cancel.
 */
import { index, integer, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { provenance } from './columns.js';

export const realEstateUnit = pgTable(
  'real_estate_unit',
  {
    unitCode: text('unit_code').primaryKey(),
    parcelCode: text('parcel_code').notNull(),
    /** F 房屋 / L 林木 / Q 其他 / W 无定着物 */
    fixtureType: text('fixture_type').notNull(),
    usage: text('usage'),
    areaM2: numeric('area_m2', { precision: 16, scale: 2 }),
    ...provenance(),
  },
  (t) => [index('real_estate_unit_parcel_idx').on(t.parcelCode, t.unitCode)],
);

export const registration = pgTable(
  'registration',
  {
    /** 业务号 */
    ywh: text('ywh').primaryKey(),
    unitCode: text('unit_code').notNull(),
    certificateNo: text('certificate_no'),
    /** 首次登记 | 转移登记 | 变更登记 | 抵押登记 | 注销登记 */
    kind: text('kind').notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true, mode: 'date' }),
    usage: text('usage'),
    areaM2: numeric('area_m2', { precision: 16, scale: 2 }),
    mortgageeName: text('mortgagee_name'),
    mortgageeUscc: text('mortgagee_uscc'),
    /** 被担保主债权数额, 万元 */
    securedAmount: numeric('secured_amount', { precision: 18, scale: 4 }),
    /** For 注销登记: the ywh of the registration it cancels. */
    cancelsYwh: text('cancels_ywh'),
    ...provenance(),
  },
  (t) => [
    // A unit's registrations (the ingest reads by it), and the analysts' order by unit, tiebreak ywh.
    index('registration_unit_idx').on(t.unitCode, t.ywh),
    index('registration_mortgagee_idx').on(t.mortgageeUscc),
    index('registration_cancels_idx').on(t.cancelsYwh),
    // Analyst orderings: each sortable field, then the tiebreak (test/sortable-indexes).
    index('registration_registered_idx').on(t.registeredAt, t.ywh),
  ],
);

export const registrationHolder = pgTable(
  'registration_holder',
  {
    ywh: text('ywh').notNull(),
    seq: integer('seq').notNull(),
    name: text('name').notNull(),
    /** 统一社会信用代码 | 身份证 | other */
    idType: text('id_type').notNull(),
    holderUscc: text('holder_uscc'),
    holderPersonHash: text('holder_person_hash'),
    /** 单独所有 | 共同共有 | 按份共有 */
    shareMode: text('share_mode'),
    /** percent, 0-100 */
    sharePct: numeric('share_pct', { precision: 7, scale: 4 }),
  },
  (t) => [
    primaryKey({ columns: [t.ywh, t.seq] }),
    index('registration_holder_uscc_idx').on(t.holderUscc),
    index('registration_holder_person_idx').on(t.holderPersonHash),
  ],
);
