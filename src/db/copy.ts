/**
 * db/copy
 *
 * Bulk writing inside a drizzle transaction, on either driver. COPY: rows are encoded once
 * as COPY text (tab-separated, `\N` for null) and streamed to `COPY … FROM STDIN` on
 * postgres.js, or handed to PGlite as a blob (`COPY … FROM '/dev/blob'`). And statements
 * run unprepared: a merge is planned for the rows it has now, and its text never fills
 * the driver's statement cache. The ingest's staging tables (ingest/upsert) use both.
 */
import type { SQL } from 'drizzle-orm';
import type { Db } from './client.js';

/** The raw client behind a drizzle transaction or database: postgres.js (`unsafe`) or PGlite (`query`). */
type RawClient =
  | { unsafe(text: string, params?: unknown[], options?: { prepare?: boolean; simple?: boolean }): Promise<Record<string, unknown>[]> }
  | { query(text: string, params: unknown[], options?: { blob: Blob }): Promise<{ rows: Record<string, unknown>[] }> };

/** The parts of a postgres.js query object a COPY needs. */
interface CopyQuery {
  writable(): Promise<NodeJS.WritableStream>;
  resolve(x: unknown): void;
  reject(e: unknown): void;
}

const rawClient = (db: Db): RawClient => (db as unknown as { session: { client: RawClient } }).session.client;

/** Runs `query` in `db`'s transaction as an unprepared statement; its rows. */
export async function executeUnprepared(db: Db, query: SQL): Promise<Record<string, unknown>[]> {
  const { sql: text, params } = (db as unknown as { dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } } }).dialect.sqlToQuery(query);
  const client = rawClient(db);
  // Without parameters: one simple-protocol Query message, one round trip.
  if ('unsafe' in client) return [...(await client.unsafe(text, params, params.length ? { prepare: false } : { simple: true }))];
  return (await client.query(text, params)).rows;
}

/** One value as COPY text: `\N` for null; backslash, tab, newline and carriage return escaped. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  let s: string;
  if (typeof v === 'string') s = v;
  else if (v instanceof Date) return v.toISOString();
  else if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  else if (typeof v === 'boolean') return v ? 't' : 'f';
  else s = JSON.stringify(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;
}

/** Rows (each an array in column order) as one COPY text payload. */
export function copyText(rows: readonly (readonly unknown[])[]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) out += (i ? '\t' : '') + copyValue(row[i]);
    out += '\n';
  }
  return out;
}

/** COPYs `text` (from copyText, or its UTF-8 bytes) into `table (columns)` within `db`'s transaction. Names must be quoted already. */
export async function copyInto(db: Db, table: string, columns: string, text: string | Uint8Array): Promise<void> {
  const client = rawClient(db);
  if ('unsafe' in client) {
    // postgres.js settles a COPY's query object when the server answers ReadyForQuery, but
    // it has already resolved it with the stream, and a failed COPY never ends that stream:
    // the server's answer is taken from the query's own resolve/reject instead.
    const query = client.unsafe(`copy ${table} (${columns}) from stdin`) as unknown as CopyQuery;
    const writable = await query.writable();
    await new Promise<void>((resolve, reject) => {
      const settle = { resolve: query.resolve, reject: query.reject };
      query.resolve = (x) => (settle.resolve(x), resolve());
      query.reject = (e) => (settle.reject(e), reject(e));
      writable.on('error', reject);
      writable.end(text);
    });
    return;
  }
  await client.query(`copy ${table} (${columns}) from '/dev/blob'`, [], { blob: new Blob([text]) });
}
