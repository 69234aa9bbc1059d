/**
 * ingest/writers
 *
 * The writer for each canonical record kind, in the order a batch is written (parents
 * before children where both arrive together; links are by code either way), and a
 * batch's plan: every writer's rows built and staged before the batch's transaction.
 */
import { setImmediate } from 'node:timers/promises';
import type { PgTable } from 'drizzle-orm/pg-core';
import {
  creditRecord, enterprise, enterpriseEvent, landParcel, license, loan, parcelDocument, parcelEvent, person, personIdentity, project, realEstateUnit,
  registration, registrationHolder, taxArrears, taxPayment, taxRating, taxpayer,
} from '../../../schema/index.js';
import type { CanonicalRecord, RecordKind } from '../../domain/records.js';
import type { Accepted, PlanContext, Writer, WriteContext, WriteResult } from './context.js';
import { writeCreditRecords, writeLoans } from './credit.writer.js';
import { writeEnterprises } from './enterprise.writer.js';
import { writeParcelEvents, writeParcels } from './land.writer.js';
import { writeLicenses } from './license.writer.js';
import { writeRegistrations } from './realestate.writer.js';
import { writeTaxArrears, writeTaxPayments, writeTaxRatings, writeTaxpayers } from './tax.writer.js';

// Each writer's plan is its own type, opaque to the table.
type WriterTable = { [K in RecordKind]: Writer<Extract<CanonicalRecord, { kind: K }>, any> };

const table: WriterTable = {
  enterprise: writeEnterprises,
  parcel: writeParcels,
  'parcel-event': writeParcelEvents,
  registration: writeRegistrations,
  license: writeLicenses,
  'credit-record': writeCreditRecords,
  loan: writeLoans,
  taxpayer: writeTaxpayers,
  'tax-rating': writeTaxRatings,
  'tax-arrears': writeTaxArrears,
  'tax-payment': writeTaxPayments,
};

const persons = [person, personIdentity];

/** The tables each kind's writer writes: a first load builds their secondary indexes once, at its end (ingest/deferred-indexes). */
export const tablesOf: { readonly [K in RecordKind]: readonly PgTable[] } = {
  enterprise: [enterprise, enterpriseEvent, ...persons],
  parcel: [landParcel],
  'parcel-event': [parcelEvent, parcelDocument, project],
  registration: [registration, registrationHolder, realEstateUnit, ...persons],
  license: [license, ...persons],
  'credit-record': [creditRecord],
  loan: [loan],
  taxpayer: [taxpayer],
  'tax-rating': [taxRating],
  'tax-arrears': [taxArrears],
  'tax-payment': [taxPayment],
};

/** The tables writers of `kinds` write, each once. */
export const tablesFor = (kinds: Iterable<RecordKind>): PgTable[] => [...new Set([...kinds].flatMap((k) => tablesOf[k]))];

/** Writers in batch order. */
const writers = (Object.keys(table) as RecordKind[]).map((kind) => [kind, table[kind] as Writer<CanonicalRecord>] as const);

/** One kind's records, planned: what its writer sends in the batch's transaction. */
type PlannedWrite = (ctx: WriteContext) => Promise<WriteResult>;

/** A batch's accepted records, planned by their writers, in batch order. */
export type BatchPlan = readonly PlannedWrite[];

/**
 * Plans every kind a batch holds, in batch order. Needs no database. Yields to the event
 * loop before each kind: a batch committing meanwhile is not held up (see prepareInSlices).
 */
export async function planBatch(ctx: PlanContext, accepted: ReadonlyMap<RecordKind, readonly Accepted[]>): Promise<BatchPlan> {
  const plan: PlannedWrite[] = [];
  for (const [kind, writer] of writers) {
    const items = accepted.get(kind);
    if (!items?.length) continue;
    await setImmediate();
    const planned = writer.plan(ctx, items as Accepted[]);
    plan.push((tx) => writer.write(tx, planned));
  }
  return plan;
}

export type { Accepted, PlanContext, WriteContext, WriteResult } from './context.js';
