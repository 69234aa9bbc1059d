/**
 * db/json-rows
 *
 * An INSERT whose rows travel as one JSON parameter (`json_populate_recordset` over the
 * table's own row type), in the order given: the statement's text is the same for any
 * number of rows, so it is prepared once, and building it costs one `JSON.stringify`
 * instead of a parameter per value. JSON arrays become array columns, objects jsonb, Dates
 * their ISO text.
 */
import { getTableColumns, getTableName, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { Sql } from './sql-parts.js';

/** `insert into <table> (<columns of keys>) …` the rows (by property name), then `tail` (e.g. `on conflict … returning …`). */
export function insertJsonRows(table: PgTable, keys: readonly string[], rows: readonly Record<string, unknown>[], tail: Sql = Sql.text('')): SQL {
  const columns = getTableColumns(table);
  const names = keys.map((k) => {
    const column = columns[k];
    if (!column) throw new Error(`${getTableName(table)} has no column ${k}`);
    return column.name;
  });
  const list = Sql.text(names.join(', '));
  const name = Sql.text(getTableName(table));
  const json = JSON.stringify(rows.map((r) => Object.fromEntries(keys.map((k, i) => [names[i], r[k] ?? null]))));
  return Sql.of`insert into ${name} (${list}) select ${list} from json_populate_recordset(null::${name}, ${json}::json) with ordinality as r order by r.ordinality${tail}`.toDrizzle();
}
