/**
 * ingest/upsert
 *
 * Idempotent batch upsert: insert new rows, update a row only when its content hash
 * changed (and any extra condition holds), and report what happened. One statement per
 * chunk of up to 5,000 rows, `INSERT … SELECT FROM unnest(…)`: one array parameter per
 * column, not one per value, which is the fastest upsert path measured on this machine
 * (shared/design/performance.md §4.2). Arrays travel as text[] and are cast in SQL, so
 * PGlite and postgres.js serialise them alike.
 */
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
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
  /** Columns (by property name) never overwritten on update. */
  readonly keep?: readonly string[];
  /** Per-column update expressions replacing `excluded.<col>` (e.g. keep a known value over null). */
  readonly override?: Readonly<Record<string, SQL>>;
}

const CHUNK = 5000;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A value as the text PostgreSQL will cast back to the column's type. */
function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Rows from `execute`: postgres.js answers an array, PGlite an object with `rows`. */
function rowsOf(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) ?? [];
}

/**
 * Upserts `rows` into `table` on `target`. Rows must be unique on `target` within the call
 * and all carry the same properties. Returns the counts and, for rows inserted or
 * changed, their target values keyed by column name.
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
  const keys = Object.keys(rows[0] as object).filter((k) => columns[k]);
  const cols = keys.map((k) => columns[k]!);
  const targetNames = new Set(target.map((c) => c.name));
  const keep = new Set(options.keep ?? []);

  const insertCols = sql.raw(cols.map((c) => quote(c.name)).join(', '));
  const casts = sql.raw(cols.map((c, i) => `c${i}::${c.getSQLType()}`).join(', '));
  const aliases = sql.raw(cols.map((_c, i) => `c${i}`).join(', '));
  const sets: SQL[] = [];
  for (const [i, key] of keys.entries()) {
    const col = cols[i]!;
    if (targetNames.has(col.name) || keep.has(key) || col.primary) continue;
    sets.push(sql`${sql.raw(quote(col.name))} = ${options.override?.[key] ?? sql.raw(`excluded.${quote(col.name)}`)}`);
  }
  if (sets.length === 0) sets.push(sql.raw('content_hash = excluded.content_hash'));
  const hashCol = columns.contentHash!;
  const changedWhere = sql`${hashCol} is distinct from excluded.content_hash`;
  const setWhere = options.updateWhere ? sql`(${changedWhere}) and (${options.updateWhere})` : changedWhere;
  const conflict = sql.raw(target.map((c) => quote(c.name)).join(', '));
  const returning = sql.raw(`${target.map((c) => quote(c.name)).join(', ')}, (xmax::text = '0') as __inserted`);
  const tableName = sql.raw(quote(getTableName(table)));

  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK) as Record<string, unknown>[];
    const arrays = keys.map((k) => chunk.map((r) => asText(r[k])));
    const params = sql.join(arrays.map((a) => sql`${sql.param(a)}::text[]`), sql`, `);
    const statement = sql`insert into ${tableName} (${insertCols})
      select ${casts} from unnest(${params}) as u(${aliases})
      on conflict (${conflict}) do update set ${sql.join(sets, sql`, `)} where ${setWhere}
      returning ${returning}`;
    const out = rowsOf(await db.execute(statement));
    for (const r of out) {
      if (r.__inserted === true || r.__inserted === 't') result.inserted++;
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
