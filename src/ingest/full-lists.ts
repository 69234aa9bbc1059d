/**
 * ingest/full-lists
 *
 * Sources that send their whole current list each day (credit platform, bank ledger): every
 * record a list holds is stamped with the list's day; when the list is complete, records
 * of that source and kind that it no longer holds are marked withdrawn (never deleted),
 * and a withdrawn record that comes back is listed again.
 */
import { and, eq, lt, isNull, or, sql } from 'drizzle-orm';
import { creditRecord, loan } from '../../schema/index.js';
import type { ListSnapshot } from '../../connectors/contract.js';
import type { Db } from '../db/client.js';
import type { CanonicalRecord } from '../domain/records.js';
import type { ChangeSet } from './changes.js';

/** Stamps the records of this batch as listed on the snapshot's day. */
export async function markListed(tx: Db, sourceId: string, snapshot: ListSnapshot, records: readonly CanonicalRecord[]): Promise<void> {
  if (snapshot.kind === 'credit-record') {
    const rows = records.filter((r) => r.kind === 'credit-record');
    if (rows.length === 0) return;
    await tx.execute(sql`
      update ${creditRecord} set listed_on = ${snapshot.day}::date,
        withdrawn = case when withdrawn_reason = 'MISSING_FROM_LIST' then false else withdrawn end,
        withdrawn_at = case when withdrawn_reason = 'MISSING_FROM_LIST' then null else withdrawn_at end,
        withdrawn_reason = case when withdrawn_reason = 'MISSING_FROM_LIST' then null else withdrawn_reason end
      where source_id = ${sourceId} and (kind, doc_no) in (select * from unnest(${sql.param(rows.map((r) => r.recordKind))}::text[], ${sql.param(rows.map((r) => r.docNo))}::text[]))`);
  } else {
    const rows = records.filter((r) => r.kind === 'loan');
    if (rows.length === 0) return;
    await tx.execute(sql`
      update ${loan} set listed_on = ${snapshot.day}::date, withdrawn = false, withdrawn_at = null
      where source_id = ${sourceId} and (lender_code, contract_no) in (select * from unnest(${sql.param(rows.map((r) => r.lenderCode))}::text[], ${sql.param(rows.map((r) => r.contractNo))}::text[]))`);
  }
}

/** After a complete list: withdraw what it no longer holds. Returns how many were withdrawn. */
export async function withdrawUnlisted(tx: Db, sourceId: string, snapshot: ListSnapshot, at: Date, changes: ChangeSet): Promise<number> {
  if (snapshot.kind === 'credit-record') {
    const res = await tx
      .update(creditRecord)
      .set({ withdrawn: true, withdrawnAt: at, withdrawnReason: 'MISSING_FROM_LIST' })
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
    .set({ withdrawn: true, withdrawnAt: at })
    .where(and(eq(loan.sourceId, sourceId), or(isNull(loan.listedOn), lt(loan.listedOn, snapshot.day)), eq(loan.withdrawn, false)))
    .returning({ lender_code: loan.lenderCode, contract_no: loan.contractNo, borrower_uscc: loan.borrowerUscc });
  changes.addWithdrawn(loan, sourceId, res);
  return res.length;
}
