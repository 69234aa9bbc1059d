/**
 * ingest/writers
 *
 * The writer for each canonical record kind, in the order a batch is written (parents
 * before children where both arrive together; links are by code either way).
 */
import type { CanonicalRecord, RecordKind } from '../../domain/records.js';
import type { Writer } from './context.js';
import { writeCreditRecords, writeLoans } from './credit.writer.js';
import { writeEnterprises } from './enterprise.writer.js';
import { writeParcelEvents, writeParcels } from './land.writer.js';
import { writeLicenses } from './license.writer.js';
import { writeRegistrations } from './realestate.writer.js';
import { writeTaxArrears, writeTaxPayments, writeTaxRatings, writeTaxpayers } from './tax.writer.js';

type WriterTable = { [K in RecordKind]: Writer<Extract<CanonicalRecord, { kind: K }>> };

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

/** Writers in batch order. */
export const writers = (Object.keys(table) as RecordKind[]).map((kind) => [kind, table[kind] as Writer<CanonicalRecord>] as const);

export type { Accepted, WriteContext, WriteResult } from './context.js';
