/**
 * db/any-of
 *
 * `column = any($1::text[])`: a set of keys as one array parameter. Ingest and the event
 * log test thousands of keys per batch; `inArray` would send (and drizzle would build) one
 * parameter per key and meet PostgreSQL's 65,535-parameter limit at scale. And a column's
 * value for each of a set of keys, looked up key by key.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';
import { rowsOf } from './rows.js';

export const anyOf = (column: PgColumn, values: readonly string[]): SQL => sql`${column} = any(${sql.param([...values])}::text[])`;

/** Keys per lookup statement. */
const KEYS_PER_LOOKUP = 5000;

/**
 * `column`'s value for each of `keys` that `key` (a unique text column of the same table)
 * holds. Joined from the keys, so each is one index probe whatever the table's statistics
 * say: `key = any(…)` with thousands of keys may be planned as a scan of the whole table.
 */
export async function valuesByKey(db: Db, key: PgColumn, column: PgColumn, keys: readonly string[]): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  for (let i = 0; i < keys.length; i += KEYS_PER_LOOKUP) {
    const wanted = sql.param(keys.slice(i, i + KEYS_PER_LOOKUP));
    const rows = rowsOf<{ key: string; value: string | null }>(
      await db.execute(sql`select ${key} as key, ${column} as value from unnest(${wanted}::text[]) as wanted(k) join ${key.table} on ${key} = wanted.k`),
    );
    for (const r of rows) found.set(r.key, r.value);
  }
  return found;
}
