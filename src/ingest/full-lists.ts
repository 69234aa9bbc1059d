/**
 * ingest/full-lists
 *
 * Sources that send their whole current list each day (credit platform, bank ledger).
 * Every record a list holds is stamped with the list's day. When the list is complete,
 * records of that source and list it no longer holds are marked withdrawn (never
 * deleted), and a withdrawn record that comes back is listed again.
 *
 * A row that is present but fails validation still names its record: that record is
 * stamped as listed (neither changed nor withdrawn). A row whose key cannot be read at all
 * might be any record of the list, so that list withdraws nothing that day and the run
 * says why (`withdrawalsSkipped`). One bad row never withdraws a good record.
 */
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { creditRecord, listGap, loan } from '../../schema/index.js';
import type { ListSnapshot } from '../../connectors/contract.js';
import type { Db } from '../db/client.js';
import type { ChangeSet } from './changes.js';

type Key = readonly [string, string];

/** What one batch of a list held. */
export interface ListRows {
  /** Keys of the rows accepted (and written) in this batch. */
  readonly accepted: readonly Key[];
  /** Keys of rows present but quarantined: their records stay as they are. */
  readonly present: readonly Key[];
  /** Rows present whose key could not be read, with the first one's reason. */
  readonly keyless: { readonly rows: number; readonly reason: string } | null;
}

/** A complete list that withdrew nothing, and why. */
export interface WithdrawalSkip {
  readonly list: string;
  readonly day: string;
  readonly reason: string;
}

export interface ListOutcome {
  readonly withdrawn: number;
  readonly skipped: WithdrawalSkip | null;
}

export const listName = (s: ListSnapshot) => (s.recordKind ? `${s.kind}:${s.recordKind}` : s.kind);

const table = (s: ListSnapshot) =>
  s.kind === 'credit-record'
    ? { t: creditRecord, a: creditRecord.kind, b: creditRecord.docNo }
    : { t: loan, a: loan.lenderCode, b: loan.contractNo };

/** Applies one batch of a list inside the batch's transaction; withdraws once the list is complete. */
export async function applyListBatch(tx: Db, sourceId: string, snapshot: ListSnapshot, rows: ListRows, at: Date, changes: ChangeSet): Promise<ListOutcome> {
  await stampListed(tx, sourceId, snapshot, rows.accepted, true);
  await stampListed(tx, sourceId, snapshot, rows.present, false);
  const list = listName(snapshot);
  if (rows.keyless) {
    await tx
      .insert(listGap)
      .values({ sourceId, list, day: snapshot.day, reason: rows.keyless.reason, rows: rows.keyless.rows })
      .onConflictDoUpdate({ target: [listGap.sourceId, listGap.list, listGap.day], set: { rows: sql`${listGap.rows} + excluded.rows` } });
  }
  if (!snapshot.complete) {
    return { withdrawn: 0, skipped: snapshot.incompleteReason ? { list, day: snapshot.day, reason: snapshot.incompleteReason } : null };
  }
  const [gap] = await tx.select().from(listGap).where(and(eq(listGap.sourceId, sourceId), eq(listGap.list, list), eq(listGap.day, snapshot.day)));
  // Earlier days of this list are settled: their gaps are no longer needed.
  await tx.delete(listGap).where(and(eq(listGap.sourceId, sourceId), eq(listGap.list, list), lt(listGap.day, snapshot.day)));
  if (gap) {
    const reason = `${gap.rows} row(s) of the list could not be read to a key (first: ${gap.reason}); nothing is withdrawn from this list today`;
    return { withdrawn: 0, skipped: { list, day: snapshot.day, reason } };
  }
  return { withdrawn: await withdrawUnlisted(tx, sourceId, snapshot, at, changes), skipped: null };
}

/**
 * Stamps records as held by the list of `snapshot.day`. With `revive`, a record withdrawn
 * as missing from an earlier list is listed again (it came back, valid).
 */
async function stampListed(tx: Db, sourceId: string, snapshot: ListSnapshot, keys: readonly Key[], revive: boolean): Promise<void> {
  if (keys.length === 0) return;
  const { t, a, b } = table(snapshot);
  const back = sql`withdrawn_reason = 'MISSING_FROM_LIST'`;
  const set = revive
    ? sql`listed_on = ${snapshot.day}::date,
        withdrawn = case when ${back} then false else withdrawn end,
        withdrawn_at = case when ${back} then null else withdrawn_at end,
        withdrawn_on = case when ${back} then null else withdrawn_on end,
        withdrawn_reason = case when ${back} then null else withdrawn_reason end`
    : sql`listed_on = ${snapshot.day}::date`;
  await tx.execute(sql`
    update ${t} set ${set}
    where source_id = ${sourceId} and (${a}, ${b}) in (select * from unnest(${sql.param(keys.map((k) => k[0]))}::text[], ${sql.param(keys.map((k) => k[1]))}::text[]))`);
}

/** After a complete list: withdraw what it no longer holds. Returns how many were withdrawn. */
async function withdrawUnlisted(tx: Db, sourceId: string, snapshot: ListSnapshot, at: Date, changes: ChangeSet): Promise<number> {
  const withdrawal = { withdrawn: true, withdrawnAt: at, withdrawnOn: snapshot.day, withdrawnReason: 'MISSING_FROM_LIST' };
  if (snapshot.kind === 'credit-record') {
    const res = await tx
      .update(creditRecord)
      .set(withdrawal)
      .where(
        and(
          eq(creditRecord.sourceId, sourceId),
          snapshot.recordKind ? eq(creditRecord.kind, snapshot.recordKind) : undefined,
          or(isNull(creditRecord.listedOn), lt(creditRecord.listedOn, snapshot.day)),
          eq(creditRecord.withdrawn, false),
        ),
      )
      .returning({ kind: creditRecord.kind, doc_no: creditRecord.docNo, uscc: creditRecord.uscc });
    changes.addWithdrawn(creditRecord, sourceId, res);
    return res.length;
  }
  const res = await tx
    .update(loan)
    .set(withdrawal)
    .where(and(eq(loan.sourceId, sourceId), or(isNull(loan.listedOn), lt(loan.listedOn, snapshot.day)), eq(loan.withdrawn, false)))
    .returning({ lender_code: loan.lenderCode, contract_no: loan.contractNo, borrower_uscc: loan.borrowerUscc });
  changes.addWithdrawn(loan, sourceId, res);
  return res.length;
}
