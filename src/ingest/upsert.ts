/**
 * ingest/upsert
 *
 * Idempotent batch upsert: insert new rows, update a row only when its content hash
 * changed, and report what happened. Chunks keep bind parameters under PostgreSQL's limit.
 */
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export const emptyCounts = (): UpsertCounts => ({ inserted: 0, updated: 0, unchanged: 0 });

export function addCounts(into: UpsertCounts, more: UpsertCounts): UpsertCounts {
  into.inserted += more.inserted;
  into.updated += more.updated;
  into.unchanged += more.unchanged;
  return into;
}

export interface UpsertOptions {
  /** Extra condition for updating an existing row (e.g. newer `updatedAt` wins). */
  readonly updateWhere?: SQL;
  /** Columns never overwritten on update. */
  readonly keep?: readonly string[];
  /** Per-column update expressions replacing `excluded.<col>` (e.g. keep a known value over null). */
  readonly override?: Readonly<Record<string, SQL>>;
}

const MAX_PARAMS = 30_000;

/**
 * Upserts `rows` into `table` on `target`. Rows must be unique on `target` within the call.
 * Returns the counts and the target values of rows that were inserted or changed.
 */
export async function upsertRows<T extends PgTable>(
  db: Db,
  table: T,
  target: PgColumn[],
  rows: T['$inferInsert'][],
  options: UpsertOptions = {},
): Promise<UpsertCounts & { changed: Record<string, unknown>[] }> {
  const result = { ...emptyCounts(), changed: [] as Record<string, unknown>[] };
  if (rows.length === 0) return result;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const targetNames = new Set(target.map((c) => c.name));
  const keep = new Set(options.keep ?? []);
  const set: Record<string, SQL> = {};
  for (const [key, col] of Object.entries(columns)) {
    if (targetNames.has(col.name) || keep.has(key) || col.primary) continue;
    set[key] = options.override?.[key] ?? sql.raw(`excluded."${col.name}"`);
  }
  const hashCol = columns.contentHash!;
  const changedWhere = sql`${hashCol} is distinct from excluded.content_hash`;
  const setWhere = options.updateWhere ? sql`(${changedWhere}) and (${options.updateWhere})` : changedWhere;
  const returning: Record<string, PgColumn | SQL> = { __inserted: sql<boolean>`(xmax::text = '0')` };
  for (const c of target) returning[c.name] = c;
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(columns).length));
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const out = (await db
      .insert(table)
      .values(chunk as never)
      .onConflictDoUpdate({ target, set: set as never, setWhere })
      .returning(returning as never)) as unknown as Record<string, unknown>[];
    for (const r of out) {
      if (r.__inserted) result.inserted++;
      else result.updated++;
      result.changed.push(r);
    }
    result.unchanged += chunk.length - out.length;
  }
  return result;
}

/** Keeps the last item for each key: a source that repeats a record within a batch. */
export function lastByKey<T>(items: readonly T[], key: (t: T) => string): T[] {
  const m = new Map<string, T>();
  for (const it of items) {
    const k = key(it);
    m.delete(k);
    m.set(k, it);
  }
  return [...m.values()];
}
