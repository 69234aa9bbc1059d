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
  /**
   * Report what changed: each changed row then also carries `__fields` (the column names
   * whose values differ from the old row, or every set column of a new row, minus
   * `ignore`), and `__old` / `__new`, the `capture` columns' values before and after
   * (`__old` is null for a new row). The old row is read in the same statement.
   */
  readonly track?: { readonly capture: readonly string[]; readonly ignore: readonly string[] };
}

/** A changed row as `upsertRows` reports it with `track`. */
export interface TrackedRow extends Record<string, unknown> {
  __inserted: boolean;
  __fields: string[];
  __old: Record<string, unknown> | null;
  __new: Record<string, unknown>;
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
export function rowsOf(result: unknown): Record<string, unknown>[] {
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
  const tracked = options.track ? trackedParts(getTableName(table), cols, target, options.track) : null;

  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK) as Record<string, unknown>[];
    const arrays = keys.map((k) => chunk.map((r) => asText(r[k])));
    const params = sql.join(arrays.map((a) => sql`${sql.param(a)}::text[]`), sql`, `);
    const statement = tracked
      ? sql`with input as (select ${tracked.inputCols} from unnest(${params}) as u(${aliases})),
        old as (select ${tracked.oldKeys}, to_jsonb(t) as __row from ${tableName} t join input on ${tracked.oldJoin}),
        up as (insert into ${tableName} (${insertCols}) select ${aliases} from input
          on conflict (${conflict}) do update set ${sql.join(sets, sql`, `)} where ${setWhere}
          returning ${returning}, to_jsonb(${tableName}.*) as __row)
        select ${tracked.outKeys}, up.__inserted, ${tracked.fields} as __fields, ${tracked.capture('old.__row')} as __old,
          ${tracked.capture('up.__row')} as __new
        from up left join old on ${tracked.upJoin}`
      : sql`insert into ${tableName} (${insertCols})
      select ${casts} from unnest(${params}) as u(${aliases})
      on conflict (${conflict}) do update set ${sql.join(sets, sql`, `)} where ${setWhere}
      returning ${returning}`;
    const out = rowsOf(await db.execute(statement));
    for (const r of out) {
      r.__inserted = r.__inserted === true || r.__inserted === 't';
      if (r.__inserted) result.inserted++;
      else result.updated++;
      if (tracked) {
        if (typeof r.__old === 'string') r.__old = JSON.parse(r.__old);
        if (typeof r.__new === 'string') r.__new = JSON.parse(r.__new);
        if (typeof r.__fields === 'string') r.__fields = parseTextArray(r.__fields);
      }
      result.changed.push(r);
    }
    result.unchanged += chunk.length - out.length;
  }
  return result;
}

/** The pieces of a tracked upsert: the old rows read in the same statement, and the diff. */
function trackedParts(tableName: string, cols: PgColumn[], target: PgColumn[], track: NonNullable<UpsertOptions['track']>) {
  const alias = (c: PgColumn) => `c${cols.indexOf(c)}`;
  const missing = target.filter((c) => !cols.includes(c));
  if (missing.length) throw new Error(`upsert into ${tableName}: target column ${missing[0]!.name} is not written`);
  const ignore = track.ignore.map((n) => `'${n.replace(/'/g, "''")}'`).join(', ');
  const notIgnored = ignore ? ` and n.key not in (${ignore})` : '';
  return {
    inputCols: sql.raw(cols.map((c, i) => `c${i}::${c.getSQLType()} as c${i}`).join(', ')),
    oldKeys: sql.raw(target.map((c) => `t.${quote(c.name)}`).join(', ')),
    oldJoin: sql.raw(target.map((c) => `t.${quote(c.name)} = input.${alias(c)}`).join(' and ')),
    outKeys: sql.raw(target.map((c) => `up.${quote(c.name)}`).join(', ')),
    upJoin: sql.raw(target.map((c) => `old.${quote(c.name)} = up.${quote(c.name)}`).join(' and ')),
    fields: sql.raw(`array(select n.key from jsonb_each(up.__row) n where (case when old.__row is null
      then n.value <> 'null'::jsonb else n.value is distinct from old.__row -> n.key end)${notIgnored} order by n.key)`),
    capture: (row: string) =>
      sql.raw(
        track.capture.length === 0
          ? `case when ${row} is null then null else '{}'::jsonb end`
          : `case when ${row} is null then null else jsonb_build_object(${track.capture.map((n) => `'${n}', ${row} -> '${n}'`).join(', ')}) end`,
      ),
  };
}

/** A text[] PGlite or postgres.js handed back as its literal (`{a,b}`); names here need no unquoting. */
function parseTextArray(literal: string): string[] {
  const inner = literal.slice(1, -1);
  return inner ? inner.split(',').map((s) => s.replace(/^"|"$/g, '')) : [];
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
