/**
 * graphql/entity-keys
 *
 * Each entity type's national key, declared once beside the type (`@FromTable(table,
 * key)`): the read audit records `Type:key` for every entity returned, the Relay global ID
 * encodes it, and the read planner computes the same key in SQL. A key is the row's
 * columns joined by `|`; when its first column is empty, a prefix and another column (an
 * enterprise known only by its 注册号 is `REG:<regNo>`). A type without a table (an alert,
 * read from the event log) registers a function of its row instead.
 */
import type { Cols } from './planner/declare.js';

export interface EntityKey {
  /** Row properties (drizzle's names), joined by `|`. */
  readonly columns: readonly string[];
  /** When the first column is empty: `prefix` and this column instead. */
  readonly orElse?: { readonly prefix: string; readonly column: string };
}

type KeyOf = (row: any) => string;

const registry = new Map<string, KeyOf>();

/** The key of a row of `type` in JavaScript, as declared. */
export function keyFunction(key: EntityKey): KeyOf {
  return (row) => {
    const first = row[key.columns[0]!];
    if (key.orElse && (first === null || first === undefined || first === '')) return `${key.orElse.prefix}${row[key.orElse.column]}`;
    return key.columns.map((c) => String(row[c])).join('|');
  };
}

/** The same key as SQL over a row's column references. */
export function keySql(key: EntityKey, cols: Cols): string {
  const joined = key.columns.map((c) => `(${cols[c]})::text`).join(` || '|' || `);
  if (!key.orElse) return joined;
  const first = `(${cols[key.columns[0]!]})::text`;
  return `(CASE WHEN coalesce(${first}, '') <> '' THEN ${joined} ELSE '${key.orElse.prefix.replace(/'/g, "''")}' || (${cols[key.orElse.column]})::text END)`;
}

export function registerEntityKey(type: string, key: EntityKey | KeyOf): void {
  registry.set(type, typeof key === 'function' ? key : keyFunction(key));
}

/** How to read the national key of a row of `type` (undefined: not an entity type). */
export const entityKeyOf = (type: string): KeyOf | undefined => registry.get(type);
