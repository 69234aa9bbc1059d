/**
 * ingest/receipts
 *
 * The file ledger for drop-folder sources: read by connectors through their context,
 * written only by ingest, with the batch that finished the file.
 */
import { and, desc, eq } from 'drizzle-orm';
import { sourceFile } from '../../schema/index.js';
import type { FileReceipt, ReceiptLedger } from '../../connectors/contract.js';
import type { Db } from '../db/client.js';

const toReceipt = (r: typeof sourceFile.$inferSelect): FileReceipt => ({
  name: r.name,
  sha256: r.sha256,
  batchNo: r.batchNo,
  status: r.status as FileReceipt['status'],
  records: r.records,
  detail: r.detail ?? undefined,
});

export function receiptLedger(db: Db, sourceId: string): ReceiptLedger {
  return {
    async find(name, sha256) {
      const [r] = await db.select().from(sourceFile).where(and(eq(sourceFile.sourceId, sourceId), eq(sourceFile.name, name), eq(sourceFile.sha256, sha256)));
      return r ? toReceipt(r) : null;
    },
    async findBatch(batchNo) {
      const [r] = await db
        .select()
        .from(sourceFile)
        .where(and(eq(sourceFile.sourceId, sourceId), eq(sourceFile.batchNo, batchNo), eq(sourceFile.status, 'processed')))
        .orderBy(desc(sourceFile.id))
        .limit(1);
      return r ? toReceipt(r) : null;
    },
  };
}

export async function recordReceipts(tx: Db, sourceId: string, files: readonly FileReceipt[], at: Date): Promise<void> {
  if (files.length === 0) return;
  await tx
    .insert(sourceFile)
    .values(files.map((f) => ({ sourceId, name: f.name, sha256: f.sha256, batchNo: f.batchNo, status: f.status, records: f.records, detail: f.detail ?? null, receivedAt: at })))
    .onConflictDoNothing();
}
