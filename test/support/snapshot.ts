/**
 * test/support/snapshot
 *
 * What the graph holds, independent of when it was written: every table of `schema/`
 * (so a new source's new table is compared without editing this file), each row as the
 * JSON of its columns, sorted — leaving out only what differs by when or how often a run
 * happened: surrogate serial ids, timestamps (fetch, receipt and creation times; a
 * record's own content is in its content hash), run ids, and the run history itself
 * (`sync_run`). Two databases with equal snapshots hold the same graph, the same
 * quarantine, file ledger, cursors, alerts and change log.
 */
import { getTableName, is } from 'drizzle-orm';
import { getTableConfig, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import * as schema from '../../schema/index.js';
import type { Database } from '../../src/db/client.js';

/** Tables whose rows are a history of runs, not what the runs produced. */
const RUN_HISTORY = new Set(['sync_run']);

const VOLATILE_TYPES = new Set(['PgSerial', 'PgBigSerial53', 'PgBigSerial64', 'PgTimestamp', 'PgTimestampString']);
const volatile = (c: PgColumn) => VOLATILE_TYPES.has(c.columnType) || c.name === 'run_id';

/** Every table of the schema with the columns compared. */
export function comparedTables(): { name: string; columns: string[] }[] {
  return Object.values(schema)
    .filter((t) => is(t, PgTable))
    .map((t) => t as PgTable)
    .map((t) => ({ name: getTableName(t), columns: getTableConfig(t).columns.filter((c) => !volatile(c)).map((c) => c.name) }))
    .filter((t) => !RUN_HISTORY.has(t.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function graphSnapshot(database: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of comparedTables()) {
    const cols = t.columns.map((c) => `"${c}"`).join(', ');
    const rows = await database.query<{ k: string }>(`select jsonb_build_array(${cols})::text as k from "${t.name}" order by 1`);
    out[t.name] = rows.map((r) => r.k);
  }
  return out;
}

/** Every index of the database's own tables, as its definition, sorted: two databases with equal lists index alike. */
export async function indexDefinitions(database: Database): Promise<string[]> {
  const rows = await database.query<{ d: string }>(`select indexdef as d from pg_indexes where schemaname = current_schema() order by 1`);
  return rows.map((r) => r.d);
}
