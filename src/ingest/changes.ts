/**
 * ingest/changes
 *
 * What a batch changed, as the writers saw it: for every tracked table, which record
 * (GraphQL type + national key), created or updated, which fields, from which source, and
 * the few old/new values the alert rules look at. Collected in memory per transaction and
 * handed to the event log (`src/alerts/log.ts`) before the transaction commits. Tracking is
 * done inside the upsert statement itself: no triggers, no second read.
 */
import { getTableName } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { creditRecord, enterprise, landParcel, license, loan, parcelEvent, realEstateUnit, registration, taxArrears, taxPayment, taxRating, taxpayer } from '../../schema/index.js';
import { mergeStaged, stageRows, type StagedRows, type TrackedRow, type UpsertCounts, type UpsertOptions } from './upsert.js';
import type { WriteContext } from './writers/context.js';

export type ChangeOp = 'CREATED' | 'UPDATED' | 'WITHDRAWN';

export interface Change {
  /** GraphQL type name of the changed record. */
  readonly entityType: string;
  readonly entityKey: string;
  readonly op: ChangeOp;
  readonly fields: readonly string[];
  readonly sourceId: string;
  /** The enterprise the record belongs to (for taxes: resolved from the TIN when the log is written). */
  readonly enterpriseUscc: string | null;
  readonly parcelCode: string | null;
  /** Taxpayer number, for tax records whose enterprise is looked up by TIN. */
  readonly tin: string | null;
  /** Captured column values before (null for a new record) and after. */
  readonly old: Readonly<Record<string, unknown>> | null;
  readonly new: Readonly<Record<string, unknown>>;
}

/** How a tracked table's changed rows become changes. `row` holds the target and captured columns by column name. */
interface TrackedTable {
  readonly entityType: string;
  readonly key: (row: Record<string, unknown>) => string;
  readonly uscc?: (row: Record<string, unknown>) => unknown;
  readonly parcel?: (row: Record<string, unknown>) => unknown;
  readonly tin?: (row: Record<string, unknown>) => unknown;
  /** Columns whose old and new values the rules need (besides the keys). */
  readonly capture: readonly string[];
}

/** Columns that say where a value came from, not what it is: a change of only these is no change to report. */
const PROVENANCE = ['id', 'source_id', 'source_key', 'fetched_at', 'content_hash', 'source_updated_at', 'listed_on', 'warnings'];

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

const TRACKED = new Map<string, TrackedTable>([
  [getTableName(enterprise), { entityType: 'Enterprise', key: (r) => (r.uscc ? String(r.uscc) : `REG:${r.reg_no}`), uscc: (r) => r.uscc, capture: ['uscc', 'reg_no', 'name', 'status', 'division_code'] }],
  [getTableName(landParcel), { entityType: 'LandParcel', key: (r) => String(r.parcel_code), parcel: (r) => r.parcel_code, capture: ['division_code'] }],
  [getTableName(parcelEvent), { entityType: 'ParcelEvent', key: (r) => String(r.event_id), parcel: (r) => r.parcel_code, uscc: (r) => r.enterprise_uscc, capture: ['parcel_code', 'enterprise_uscc', 'stage', 'occurred_on'] }],
  [getTableName(realEstateUnit), { entityType: 'RealEstateUnit', key: (r) => String(r.unit_code), parcel: (r) => r.parcel_code, capture: ['parcel_code'] }],
  [getTableName(registration), { entityType: 'Registration', key: (r) => String(r.ywh), parcel: (r) => String(r.unit_code).slice(0, 19), capture: ['unit_code', 'kind', 'registered_at', 'mortgagee_name', 'mortgagee_uscc', 'secured_amount'] }],
  [getTableName(license), { entityType: 'License', key: (r) => String(r.license_id), uscc: (r) => r.holder_uscc, capture: ['holder_uscc', 'type_name', 'status', 'valid_to'] }],
  [getTableName(creditRecord), { entityType: 'CreditRecord', key: (r) => `${r.kind}|${r.doc_no}`, uscc: (r) => r.uscc, capture: ['uscc', 'subject_name', 'fine_amount', 'decided_on', 'filed_on', 'published_on', 'authority', 'court', 'withdrawn'] }],
  [getTableName(loan), { entityType: 'Loan', key: (r) => `${r.lender_code}|${r.contract_no}`, uscc: (r) => r.borrower_uscc, capture: ['borrower_uscc', 'lender_name', 'lender_code', 'amount', 'disbursed_on', 'first_loan', 'withdrawn'] }],
  [getTableName(taxpayer), { entityType: 'TaxProfile', key: (r) => String(r.tin), uscc: (r) => r.uscc, tin: (r) => r.tin, capture: ['uscc', 'status'] }],
  [getTableName(taxRating), { entityType: 'TaxRating', key: (r) => `${r.tin}|${r.year}`, tin: (r) => r.tin, capture: ['rating'] }],
  [getTableName(taxArrears), { entityType: 'TaxArrears', key: (r) => String(r.id), tin: (r) => r.tin, capture: ['tin', 'tax_item', 'amount', 'since', 'status'] }],
  [getTableName(taxPayment), { entityType: 'TaxPayment', key: (r) => `${r.tin}|${r.year}|${r.month}|${r.tax_item}`, tin: (r) => r.tin, capture: [] }],
]);

/** The changes one transaction made, in the order they were written. */
export class ChangeSet {
  readonly changes: Change[] = [];

  get size(): number {
    return this.changes.length;
  }

  /** Adds the changed rows a tracked upsert reported. */
  addRows(table: PgTable, sourceId: string, rows: readonly Record<string, unknown>[]): void {
    const spec = TRACKED.get(getTableName(table));
    if (!spec) return;
    for (const raw of rows) {
      const r = raw as TrackedRow;
      // Only provenance moved (a newer fetch of the same values): nothing to report.
      if (!r.__inserted && r.__fields.length === 0) continue;
      const values = { ...r, ...r.__new };
      this.changes.push({
        entityType: spec.entityType,
        entityKey: spec.key(values),
        op: r.__inserted ? 'CREATED' : 'UPDATED',
        fields: r.__fields,
        sourceId,
        enterpriseUscc: str(spec.uscc?.(values)),
        parcelCode: str(spec.parcel?.(values)),
        tin: str(spec.tin?.(values)),
        old: r.__old,
        new: r.__new,
      });
    }
  }

  /** Records marked withdrawn because a complete list no longer held them. */
  addWithdrawn(table: PgTable, sourceId: string, rows: readonly Record<string, unknown>[]): void {
    const spec = TRACKED.get(getTableName(table));
    if (!spec) return;
    for (const r of rows) {
      this.changes.push({
        entityType: spec.entityType, entityKey: spec.key(r), op: 'WITHDRAWN', fields: ['withdrawn', 'withdrawn_at', 'withdrawn_reason'], sourceId,
        enterpriseUscc: str(spec.uscc?.(r)), parcelCode: str(spec.parcel?.(r)), tin: str(spec.tin?.(r)), old: { withdrawn: false }, new: { ...r, withdrawn: true },
      });
    }
  }
}

/** `stageRows` for a writer: a tracked table's rows are staged to report what they change. */
export function stageTracked<T extends PgTable>(table: T, target: PgColumn[], rows: T['$inferInsert'][], options: Omit<UpsertOptions, 'track'> = {}): StagedRows {
  const spec = TRACKED.get(getTableName(table));
  return stageRows(table, target, rows, spec ? { ...options, track: { capture: spec.capture, ignore: PROVENANCE } } : options);
}

/** Merges staged rows for a writer: the changed rows of a tracked table are added to the batch's change set. */
export async function mergeTracked(ctx: WriteContext, staged: StagedRows): Promise<UpsertCounts & { changed: Record<string, unknown>[] }> {
  const res = await mergeStaged(ctx.tx, staged);
  if (staged.tracked) ctx.changes.addRows(staged.table, ctx.sourceId, res.changed);
  return res;
}
