/**
 * schema/land
 *
 * 一码管地: a parcel code names one parcel for its whole life. Lifecycle events, their
 * documents and investment projects hang off it. Events may arrive before their parcel;
 * links are by code, so nothing waits for an order of arrival.
 */
import { bigint, bigserial, date, index, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { provenance } from './columns.js';

export const landParcel = pgTable(
  'land_parcel',
  {
    parcelCode: text('parcel_code').primaryKey(),
    divisionCode: text('division_code').notNull(),
    location: text('location'),
    areaM2: numeric('area_m2', { precision: 16, scale: 2 }),
    /** GB/T 21010 land-use code */
    landUse: text('land_use'),
    landUseName: text('land_use_name'),
    /** 出让 | 划拨 | 集体 */
    rightType: text('right_type'),
    ownership: text('ownership').notNull(),
    sourceUpdatedAt: timestamp('source_updated_at', { withTimezone: true, mode: 'date' }),
    ...provenance(),
  },
  // Analyst orderings (and division / land-use filters): each sortable field, then the tiebreak (test/sortable-indexes).
  (t) => [index('land_parcel_division_idx').on(t.divisionCode, t.parcelCode), index('land_parcel_land_use_idx').on(t.landUse, t.parcelCode),
    index('land_parcel_area_idx').on(t.areaM2, t.parcelCode)],
);

export const parcelEvent = pgTable(
  'parcel_event',
  {
    eventId: bigint('event_id', { mode: 'number' }).primaryKey(),
    parcelCode: text('parcel_code').notNull(),
    stage: text('stage').notNull(),
    docNo: text('doc_no'),
    occurredOn: date('occurred_on'),
    enterpriseUscc: text('enterprise_uscc'),
    projectCode: text('project_code'),
    ...provenance(),
  },
  (t) => [
    index('parcel_event_parcel_idx').on(t.parcelCode, t.eventId),
    index('parcel_event_enterprise_idx').on(t.enterpriseUscc),
    index('parcel_event_project_idx').on(t.projectCode),
    index('parcel_event_occurred_idx').on(t.occurredOn),
  ],
);

export const parcelDocument = pgTable(
  'parcel_document',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    docNo: text('doc_no').notNull(),
  },
  (t) => [uniqueIndex('parcel_document_key').on(t.eventId, t.kind, t.docNo)],
);

export const project = pgTable(
  'project',
  {
    projectCode: text('project_code').primaryKey(),
    /** legacy | gb40058 */
    scheme: text('scheme').notNull(),
    divisionCode: text('division_code').notNull(),
    year: bigint('year', { mode: 'number' }).notNull(),
    sectorCode: text('sector_code').notNull(),
    typeCode: text('type_code').notNull(),
    ...provenance(),
  },
  // Analyst orderings: each sortable field, then the tiebreak (test/sortable-indexes).
  (t) => [index('project_division_idx').on(t.divisionCode, t.projectCode), index('project_year_idx').on(t.year, t.projectCode)],
);
