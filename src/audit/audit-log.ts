/**
 * audit/audit-log
 *
 * Appends read-audit rows and verifies the chain. A writer holds the chain head and
 * appends each group of rows in one INSERT; the unique index on `prev_hash` makes a fork
 * impossible, so concurrent hubs extend one chain. The hash covers the previous hash and every stored
 * field in a fixed order. Variables arrive redacted by the sink (audit/redaction).
 */
import { asc, desc, getTableColumns, gt } from 'drizzle-orm';
import { readAudit } from '../../schema/index.js';
import type { Db } from '../db/client.js';
import { insertJsonRows } from '../db/json-rows.js';
import { sqlStateOf } from '../db/errors.js';
import { sha256 } from '../ingest/hash.js';

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
  /** As the sink redacted them (audit/redaction): stored as given. */
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
    variables: JSON.stringify(e.variables ?? {}), entities: entities.slice(0, MAX_ENTITIES), entityCount: entities.length,
    durationMs: Math.max(0, Math.round(e.durationMs)), outcome: e.outcome, errorCodes: [...e.errorCodes], purpose: e.purpose,
  };
}

/** The hash of the newest row, or the genesis hash of an empty audit. */
async function readHead(db: Db): Promise<string> {
  const [last] = await db.select({ hash: readAudit.hash }).from(readAudit).orderBy(desc(readAudit.seq)).limit(1);
  return last?.hash ?? GENESIS;
}

/** The stored columns: all but `seq`. */
const STORED = Object.keys(getTableColumns(readAudit)).filter((key) => key !== 'seq');

/**
 * Chains `fields` after `head` and inserts them in one statement (seq follows chain order);
 * returns the new head. One fixed statement for any number of rows (db/json-rows).
 */
async function insertChained(db: Db, head: string, fields: readonly ReturnType<typeof toFields>[]): Promise<string> {
  let prevHash = head;
  const rows = fields.map((f) => {
    const hash = rowHash(prevHash, f);
    const row = { ...f, prevHash, hash };
    prevHash = hash;
    return row;
  });
  await db.execute(insertJsonRows(readAudit, STORED, rows));
  return prevHash;
}

/** A row already links to that head: another writer (another hub) extended the chain first. */
const isFork = (e: unknown) => sqlStateOf(e) === '23505';

/** Rows per insert: a bound on one statement's size (a group commit is rarely larger). */
const MAX_ROWS = 2000;

/**
 * Group commit with the head held in memory: entries arriving while a write is under way
 * go together in the next one, and each write is one INSERT — no transaction, lock or read
 * of the head. Several writers (hubs) on one database coordinate through the unique index
 * on `prev_hash`: a writer whose head is stale has its insert refused (a second row may not
 * link to the same predecessor), reads the head once and chains again. Every caller still
 * waits for its own row to be committed (or for the error) before its data is sent.
 */
export class AuditWriter {
  private pending: { entry: AuditEntry; done: (e?: unknown) => void }[] = [];
  private writing: Promise<void> | null = null;
  /** The chain's newest hash as this writer last knew it (null: read it before the next write). */
  private head: string | null = null;

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
        const batch = this.pending.splice(0, MAX_ROWS);
        try {
          await this.write(batch.map((b) => toFields(b.entry)));
          for (const b of batch) b.done();
        } catch (e) {
          for (const b of batch) b.done(e);
        }
      }
    } finally {
      this.writing = null;
    }
  }

  private async write(fields: ReturnType<typeof toFields>[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.head ??= await readHead(this.db);
        this.head = await insertChained(this.db, this.head, fields);
        return;
      } catch (e) {
        this.head = null;
        if (!isFork(e) || attempt >= 50) throw e;
      }
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
