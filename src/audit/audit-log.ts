/**
 * audit/audit-log
 *
 * Appends read-audit rows and verifies the chain. An append takes a transaction-scoped
 * advisory lock, reads the last hash and inserts the next row, so concurrent requests
 * (and several hubs) extend one chain. The hash covers the previous hash and every stored
 * field in a fixed order. Variables arrive redacted by the sink (audit/redaction); what is
 * stored passes the identity-number net once more.
 */
import { asc, desc, gt, sql } from 'drizzle-orm';
import { readAudit } from '../../schema/index.js';
import type { Db } from '../db/client.js';
import { sha256 } from '../ingest/hash.js';
import { redactValue } from './redaction.js';

export const AUDIT_LOCK = 7417003;
export const GENESIS = '0'.repeat(64);
const MAX_ENTITIES = 1000;

export interface AuditEntry {
  readonly at: Date;
  readonly principalId: string;
  readonly department: string | null;
  readonly transport: 'http' | 'ws';
  readonly operationType: string;
  readonly operationName: string | null;
  readonly document: string;
  readonly variables: unknown;
  readonly entities: Iterable<string>;
  readonly durationMs: number;
  readonly outcome: 'ok' | 'error';
  readonly errorCodes: readonly string[];
  readonly purpose: string | null;
}

type Row = typeof readAudit.$inferSelect;

/** The hash of a row: its predecessor's hash and its fields, in a fixed order. */
export function rowHash(prevHash: string, r: Omit<Row, 'seq' | 'hash' | 'prevHash'>): string {
  const canonical = JSON.stringify([
    r.at.toISOString(), r.principalId, r.department, r.transport, r.operationType, r.operationName, r.documentSha256, r.variables,
    r.entities, r.entityCount, r.durationMs, r.outcome, r.errorCodes, r.purpose,
  ]);
  return sha256(`${prevHash}\n${canonical}`);
}

/** The stored form of an entry, before it is chained. */
function toFields(e: AuditEntry) {
  const entities = [...e.entities];
  return {
    at: e.at, principalId: e.principalId, department: e.department, transport: e.transport, operationType: e.operationType,
    operationName: e.operationName, documentSha256: sha256(e.document),
    variables: JSON.stringify(redactValue(e.variables ?? {})), entities: entities.slice(0, MAX_ENTITIES), entityCount: entities.length,
    durationMs: Math.max(0, Math.round(e.durationMs)), outcome: e.outcome, errorCodes: [...e.errorCodes], purpose: e.purpose,
  };
}

/** Appends entries, in order, in one transaction; throws if they cannot be written. */
export async function appendAudit(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const all = entries.map(toFields);
  await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
    const [last] = await tx.select({ hash: readAudit.hash }).from(readAudit).orderBy(desc(readAudit.seq)).limit(1);
    let prevHash = last?.hash ?? GENESIS;
    const rows = all.map((fields) => {
      const hash = rowHash(prevHash, fields);
      const row = { ...fields, prevHash, hash };
      prevHash = hash;
      return row;
    });
    // Inserted in chain order: seq follows it.
    for (let i = 0; i < rows.length; i += 500) await tx.insert(readAudit).values(rows.slice(i, i + 500));
  });
}

/**
 * Group commit: entries arriving while a write is under way go together in the next one,
 * so a burst of reads costs a few transactions, not one each. Every caller still waits
 * for its own row to be committed (or for the error) before its data is sent.
 */
export class AuditWriter {
  private pending: { entry: AuditEntry; done: (e?: unknown) => void }[] = [];
  private writing: Promise<void> | null = null;

  constructor(private readonly db: Db) {}

  append(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ entry, done: (e) => (e ? reject(e) : resolve()) });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, 2000);
        try {
          await appendAudit(this.db, batch.map((b) => b.entry));
          for (const b of batch) b.done();
        } catch (e) {
          for (const b of batch) b.done(e);
        }
      }
    } finally {
      this.writing = null;
    }
  }
}

export interface VerifyResult {
  readonly rows: number;
  /** The first row whose content or link does not match, with why. */
  readonly broken: { seq: number; reason: 'CONTENT_ALTERED' | 'CHAIN_BROKEN' } | null;
}

/** Walks the whole chain in pages. */
export async function verifyAudit(db: Db): Promise<VerifyResult> {
  let prevHash = GENESIS;
  let after = 0;
  let rows = 0;
  for (;;) {
    const page = await db.select().from(readAudit).where(gt(readAudit.seq, after)).orderBy(asc(readAudit.seq)).limit(5000);
    for (const r of page) {
      rows++;
      if (r.prevHash !== prevHash) return { rows, broken: { seq: r.seq, reason: 'CHAIN_BROKEN' } };
      if (rowHash(r.prevHash, r) !== r.hash) return { rows, broken: { seq: r.seq, reason: 'CONTENT_ALTERED' } };
      prevHash = r.hash;
      after = r.seq;
    }
    if (page.length < 5000) return { rows, broken: null };
  }
}
