/**
 * graphql/loaders
 *
 * Per-request DataLoaders: every link in the graph is one batched statement per nesting
 * level, whatever the number of rows. Built in the context factory for each request
 * (each event, for subscriptions); never shared between requests.
 */
import DataLoader from 'dataloader';
import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { union, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import {
  creditRecord, enterprise, enterpriseEvent, landParcel, license, loan, parcelDocument, parcelEvent, person, project,
  realEstateUnit, registration, registrationHolder, taxArrears, taxPayment, taxRating, taxpayer,
} from '../../schema/index.js';
import type { Db } from '../db/client.js';

export type Row<T extends PgTable> = T['$inferSelect'];

const MAX_BATCH = 1000;

/** Rows grouped by a key, each group in row order. */
function groupBy<R, V>(rows: readonly R[], key: (r: R) => string | null, value: (r: R) => V): Map<string, V[]> {
  const by = new Map<string, V[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const list = by.get(k);
    if (list) list.push(value(r));
    else by.set(k, [value(r)]);
  }
  return by;
}

/** `a|b` keys → two parallel arrays. */
function splitPairs(keys: readonly string[]): [string[], string[]] {
  const a: string[] = [];
  const b: string[] = [];
  for (const k of keys) {
    const i = k.indexOf('|');
    a.push(k.slice(0, i));
    b.push(k.slice(i + 1));
  }
  return [a, b];
}

/** One row per key (or null), from a unique column. */
function one<T extends PgTable>(db: Db, table: T, col: PgColumn, key: (r: Row<T>) => string | null) {
  return new DataLoader<string, Row<T> | null>(
    async (keys) => {
      const rows = (await db.select().from(table as PgTable).where(inArray(col, [...keys]))) as Row<T>[];
      const by = new Map(rows.map((r) => [key(r), r]));
      return keys.map((k) => by.get(k) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** All rows per key, in the given order. */
function many<T extends PgTable>(db: Db, table: T, col: PgColumn, key: (r: Row<T>) => string | null, order: PgColumn[] = []) {
  return new DataLoader<string, Row<T>[]>(
    async (keys) => {
      const rows = (await db.select().from(table as PgTable).where(inArray(col, [...keys])).orderBy(...order.map((c) => asc(c)))) as Row<T>[];
      const by = groupBy(rows, key, (r) => r);
      return keys.map((k) => by.get(k) ?? []);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

export function createLoaders(db: Db) {
  return {
    enterpriseByUscc: one(db, enterprise, enterprise.uscc, (r) => r.uscc),
    enterpriseByRegNo: one(db, enterprise, enterprise.regNo, (r) => r.regNo),
    personByHash: one(db, person, person.personHash, (r) => r.personHash),
    parcelByCode: one(db, landParcel, landParcel.parcelCode, (r) => r.parcelCode),
    unitByCode: one(db, realEstateUnit, realEstateUnit.unitCode, (r) => r.unitCode),
    registrationByYwh: one(db, registration, registration.ywh, (r) => r.ywh),
    licenseById: one(db, license, license.licenseId, (r) => r.licenseId),
    projectByCode: one(db, project, project.projectCode, (r) => r.projectCode),
    taxpayerByTin: one(db, taxpayer, taxpayer.tin, (r) => r.tin),
    taxpayerByUscc: one(db, taxpayer, taxpayer.uscc, (r) => r.uscc),
    /** Key `KIND|docNo`; a row-value lookup on the (kind, doc_no) unique index. */
    creditRecordByKey: new DataLoader<string, Row<typeof creditRecord> | null>(async (keys) => {
      const [a, b] = splitPairs(keys);
      const rows = await db
        .select()
        .from(creditRecord)
        .where(sql`(${creditRecord.kind}, ${creditRecord.docNo}) in (select * from unnest(${sql.param(a)}::text[], ${sql.param(b)}::text[]))`);
      const by = new Map(rows.map((r) => [`${r.kind}|${r.docNo}`, r]));
      return keys.map((k) => by.get(k) ?? null);
    }),
    /** Key `lenderCode|contractNo`; a row-value lookup on the (lender_code, contract_no) unique index. */
    loanByKey: new DataLoader<string, Row<typeof loan> | null>(async (keys) => {
      const [a, b] = splitPairs(keys);
      const rows = await db
        .select()
        .from(loan)
        .where(sql`(${loan.lenderCode}, ${loan.contractNo}) in (select * from unnest(${sql.param(a)}::text[], ${sql.param(b)}::text[]))`);
      const by = new Map(rows.map((r) => [`${r.lenderCode}|${r.contractNo}`, r]));
      return keys.map((k) => by.get(k) ?? null);
    }),
    parcelEventById: new DataLoader<string, Row<typeof parcelEvent> | null>(async (keys) => {
      const rows = await db.select().from(parcelEvent).where(inArray(parcelEvent.eventId, keys.map(Number)));
      const by = new Map(rows.map((r) => [String(r.eventId), r]));
      return keys.map((k) => by.get(k) ?? null);
    }),

    enterpriseEventsByUscc: many(db, enterpriseEvent, enterpriseEvent.uscc, (r) => r.uscc, [enterpriseEvent.occurredOn, enterpriseEvent.id]),
    enterprisesByLegalRep: many(db, enterprise, enterprise.legalRepPersonHash, (r) => r.legalRepPersonHash, [enterprise.id]),
    licensesByHolderUscc: many(db, license, license.holderUscc, (r) => r.holderUscc, [license.licenseId]),
    licensesByHolderPerson: many(db, license, license.holderPersonHash, (r) => r.holderPersonHash, [license.licenseId]),
    creditByUscc: many(db, creditRecord, creditRecord.uscc, (r) => r.uscc, [creditRecord.decidedOn, creditRecord.id]),
    loansByUscc: many(db, loan, loan.borrowerUscc, (r) => r.borrowerUscc, [loan.disbursedOn, loan.id]),
    ratingsByTin: many(db, taxRating, taxRating.tin, (r) => r.tin, [taxRating.year]),
    arrearsByTin: many(db, taxArrears, taxArrears.tin, (r) => r.tin, [taxArrears.since, taxArrears.id]),
    paymentsByTin: many(db, taxPayment, taxPayment.tin, (r) => r.tin, [taxPayment.year, taxPayment.month, taxPayment.taxItem]),
    parcelEventsByParcel: many(db, parcelEvent, parcelEvent.parcelCode, (r) => r.parcelCode, [parcelEvent.eventId]),
    parcelEventsByProject: many(db, parcelEvent, parcelEvent.projectCode, (r) => r.projectCode, [parcelEvent.eventId]),
    parcelEventsByEnterprise: many(db, parcelEvent, parcelEvent.enterpriseUscc, (r) => r.enterpriseUscc, [parcelEvent.eventId]),
    documentsByEvent: many(db, parcelDocument, parcelDocument.eventId, (r) => String(r.eventId), [parcelDocument.id]),
    unitsByParcel: many(db, realEstateUnit, realEstateUnit.parcelCode, (r) => r.parcelCode, [realEstateUnit.unitCode]),
    registrationsByUnit: many(db, registration, registration.unitCode, (r) => r.unitCode, [registration.registeredAt, registration.ywh]),
    registrationsCancelling: many(db, registration, registration.cancelsYwh, (r) => r.cancelsYwh, [registration.ywh]),
    holdersByYwh: many(db, registrationHolder, registrationHolder.ywh, (r) => r.ywh, [registrationHolder.seq]),
    holdingsByUscc: many(db, registrationHolder, registrationHolder.holderUscc, (r) => r.holderUscc, [registrationHolder.ywh]),
    holdingsByPerson: many(db, registrationHolder, registrationHolder.holderPersonHash, (r) => r.holderPersonHash, [registrationHolder.ywh]),

    /** Parcels an enterprise is linked to: named on a lifecycle event, or holding a right on one of its units. One statement. */
    parcelsByEnterprise: new DataLoader<string, Row<typeof landParcel>[]>(
      async (keys) => {
        const viaEvents = db
          .selectDistinct({ owner: sql<string>`${parcelEvent.enterpriseUscc}`.as('link_owner'), code: sql<string>`${parcelEvent.parcelCode}`.as('link_code') })
          .from(parcelEvent)
          .where(inArray(parcelEvent.enterpriseUscc, [...keys]));
        const viaRights = db
          .selectDistinct({ owner: sql<string>`${registrationHolder.holderUscc}`.as('link_owner'), code: sql<string>`left(${registration.unitCode}, 19)`.as('link_code') })
          .from(registrationHolder)
          .innerJoin(registration, eq(registration.ywh, registrationHolder.ywh))
          .where(inArray(registrationHolder.holderUscc, [...keys]));
        const links = union(viaEvents, viaRights).as('links');
        const rows = await db
          .select({ owner: links.owner, parcel: landParcel })
          .from(links)
          .innerJoin(landParcel, eq(landParcel.parcelCode, links.code))
          .orderBy(asc(landParcel.parcelCode));
        const by = groupBy(rows, (r) => r.owner, (r) => r.parcel);
        return keys.map((k) => by.get(k) ?? []);
      },
      { maxBatchSize: MAX_BATCH },
    ),

    /** Enterprises linked to a parcel through its events or the rights on its units. One statement. */
    enterprisesByParcel: new DataLoader<string, Row<typeof enterprise>[]>(
      async (keys) => {
        const viaEvents = db
          .selectDistinct({ code: sql<string>`${parcelEvent.parcelCode}`.as('link_code'), uscc: sql<string>`${parcelEvent.enterpriseUscc}`.as('link_uscc') })
          .from(parcelEvent)
          .where(inArray(parcelEvent.parcelCode, [...keys]));
        const viaRights = db
          .selectDistinct({ code: sql<string>`left(${registration.unitCode}, 19)`.as('link_code'), uscc: sql<string>`${registrationHolder.holderUscc}`.as('link_uscc') })
          .from(registration)
          .innerJoin(registrationHolder, eq(registration.ywh, registrationHolder.ywh))
          .where(inArray(sql`left(${registration.unitCode}, 19)`, [...keys]));
        const links = union(viaEvents, viaRights).as('links');
        const rows = await db
          .select({ code: links.code, ent: enterprise })
          .from(links)
          .innerJoin(enterprise, eq(enterprise.uscc, links.uscc))
          .orderBy(asc(enterprise.id));
        const by = groupBy(rows, (r) => r.code, (r) => r.ent);
        return keys.map((k) => by.get(k) ?? []);
      },
      { maxBatchSize: MAX_BATCH },
    ),

    /** The latest rating per taxpayer. */
    latestRatingByTin: new DataLoader<string, Row<typeof taxRating> | null>(async (keys) => {
      const rows = await db
        .selectDistinctOn([taxRating.tin])
        .from(taxRating)
        .where(inArray(taxRating.tin, [...keys]))
        .orderBy(taxRating.tin, desc(taxRating.year));
      const by = new Map(rows.map((r) => [r.tin, r]));
      return keys.map((k) => by.get(k) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

const viewLoaders = new WeakMap<Loaders, Map<symbol, DataLoader<unknown, unknown>>>();

/**
 * A loader a view makes from what only the request knows (the views' settings, the day,
 * the caller's policy), kept with the request's own loaders under `key`: made on first
 * use, shared by every field of the operation, gone with the request.
 */
export function viewLoader<K, V>(loaders: Loaders, key: symbol, make: () => DataLoader<K, V>): DataLoader<K, V> {
  let made = viewLoaders.get(loaders);
  if (!made) viewLoaders.set(loaders, (made = new Map()));
  let l = made.get(key) as DataLoader<K, V> | undefined;
  if (!l) made.set(key, (l = make()) as DataLoader<unknown, unknown>);
  return l;
}
