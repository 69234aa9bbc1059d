/**
 * analyst/order
 *
 * A list's order and its keyset cursors. The order is the fields asked for, then the
 * primary key in the direction of the last of them, so it is total and a single field's
 * order is one index scan of `(field, key)`, forwards or backwards. Rows without a value
 * sort as the greatest (PostgreSQL's rule): last ascending, first descending. A
 * cursor is the base64url of the ordering's signature and the row's key values (as text),
 * written by the statement itself, so the resolvers and the planner hand out the same
 * cursors; a page after (or before) a cursor is the rows strictly beyond its key values,
 * which stays right while rows are inserted or removed underneath — read as index ranges
 * from the cursor on (beyondRanges) wherever the ordering allows.
 */
import { getTableColumns } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { BadUserInputError } from '../errors.js';
import type { Cols } from '../planner/declare.js';
import { literal } from '../../db/sql-parts.js';
import { base64url } from '../planner/sql-text.js';
import { requireClear, type AnalystEnv } from './access.js';
import { inputsOf, OrderDirection } from './inputs.js';
import { FILTER_LIMITS, type AnalystSpec } from './spec.js';
import { Sql } from '../../db/sql-parts.js';

export interface OrderKey {
  readonly prop: string;
  readonly desc: boolean;
  /** The SQL type a cursor value is cast back to. */
  readonly cast: string;
  /** The column never holds NULL. */
  readonly notNull: boolean;
}

export interface Ordering {
  readonly keys: readonly OrderKey[];
  /** Written into every cursor: a cursor from another ordering is refused. */
  readonly signature: string;
}

const castOf = (col: PgColumn): string => {
  if (col.columnType === 'PgDateString' || col.columnType === 'PgDate') return 'date';
  if (col.columnType === 'PgNumeric') return 'numeric';
  if (col.columnType === 'PgBoolean') return 'boolean';
  if (col.dataType === 'number') return 'bigint';
  if (col.columnType === 'PgTimestamp') return 'timestamptz';
  return 'text';
};

/** The ordering `orderBy` asks for (each field's access checked), ending with the primary key. */
export function orderingOf(spec: AnalystSpec, orderBy: readonly { field: string; direction?: string }[] | null | undefined, env: AnalystEnv): Ordering {
  const fields = inputsOf(spec).orderFields;
  const columns = getTableColumns(spec.table) as Record<string, PgColumn>;
  const list = orderBy ?? [];
  if (list.length > FILTER_LIMITS.orderKeys) throw new BadUserInputError(`orderBy takes at most ${FILTER_LIMITS.orderKeys} fields`, { argument: 'orderBy', limit: 'orderKeys', max: FILTER_LIMITS.orderKeys });
  const keys: OrderKey[] = [];
  list.forEach((o, i) => {
    const prop = fields[o.field];
    if (!prop) throw new BadUserInputError(`${spec.typeName} cannot be ordered by ${o.field}`, { argument: `orderBy[${i}].field` });
    if (keys.some((k) => k.prop === prop)) throw new BadUserInputError(`orderBy names ${o.field} twice`, { argument: `orderBy[${i}].field` });
    requireClear(env, spec.typeName, prop, 'Ordering by', `orderBy[${i}].field`);
    keys.push({ prop, desc: o.direction === OrderDirection.DESC, cast: castOf(columns[prop]!), notNull: columns[prop]!.notNull });
  });
  if (!keys.some((k) => k.prop === spec.tiebreak)) keys.push({ prop: spec.tiebreak, desc: keys.at(-1)?.desc ?? false, cast: castOf(columns[spec.tiebreak]!), notNull: true });
  return { keys, signature: keys.map((k) => `${k.prop}.${k.desc ? 'd' : 'a'}`).join(',') };
}

/** `ORDER BY` text; `reverse` for a page read backwards (`last` / `before`). Empty values are the greatest either way. */
export function orderSql(o: Ordering, c: Cols, reverse = false): string {
  return o.keys.map((k) => `${c[k.prop]} ${k.desc !== reverse ? 'DESC NULLS FIRST' : 'ASC NULLS LAST'}`).join(', ');
}

/** The cursor of the row whose columns are `c`. */
export function cursorSql(o: Ordering, c: Cols): string {
  return base64url(`'c:' || json_build_array(${[literal(o.signature), ...o.keys.map((k) => `(${c[k.prop]})::text`)].join(', ')})::text`);
}

/** A cursor's key values, or BAD_USER_INPUT naming `argument`. */
export function decodeKeyset(o: Ordering, cursor: string, argument: string): (string | null)[] {
  const text = cursor.length <= 4096 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  let values: unknown;
  try {
    values = text.startsWith('c:') ? JSON.parse(text.slice(2)) : null;
  } catch {
    values = null;
  }
  if (!Array.isArray(values) || values.length !== o.keys.length + 1 || !values.every((v) => v === null || typeof v === 'string')) {
    throw new BadUserInputError('Invalid cursor', { argument });
  }
  if (values[0] !== o.signature) throw new BadUserInputError('The cursor belongs to another ordering: page with the orderBy it was given with', { argument });
  if (values.at(-1) === null) throw new BadUserInputError('Invalid cursor', { argument });
  return values.slice(1) as (string | null)[];
}

/** `(k1, k2, …) op (v1, v2, …)`: one row comparison, which an index on the keys serves. */
function rowComparison(keys: readonly OrderKey[], c: Cols, v: readonly (string | null)[], op: '>' | '<'): Sql {
  const cols = Sql.text(keys.map((k) => c[k.prop]).join(', '));
  const values = Sql.join(keys.map((k, i) => Sql.of`${v[i]}::${Sql.text(k.cast)}`), ', ');
  return keys.length === 1 ? Sql.of`${cols} ${Sql.text(op)} ${values}` : Sql.of`(${cols}) ${Sql.text(op)} (${values})`;
}

/**
 * The rows beyond the key values `v` (as beyondSql) as at most two index ranges, each read in
 * the index's order: `seek`, from the cursor on, and `also`, the run of rows whose first key is
 * empty when it lies beyond too (reading upwards from a present value, or downwards from an
 * empty one), else null. An empty value is the greatest, so with a nullable first key the
 * rows beyond are a range plus that run — one disjunction, which PostgreSQL reads by walking
 * the index from its start (at a million rows, a page half-way through an order took 0.8–1 s).
 * Null when the ordering has no such form (keys in mixed directions, or a nullable key or an
 * empty value after the first).
 */
export function beyondRanges(o: Ordering, c: Cols, v: readonly (string | null)[], side: 'after' | 'before'): { seek: Sql; also: Sql | null } | null {
  const [first, ...rest] = o.keys;
  if (!first || !o.keys.every((k) => k.desc === first.desc) || !rest.every((k) => k.notNull) || v.slice(1).some((x) => x === null)) return null;
  // In ascending terms: beyond is greater (a descending key looks the other way).
  const greater = (side === 'after') !== first.desc;
  const op = greater ? '>' : '<';
  const col = Sql.text(c[first.prop]!);
  if (v[0] !== null) return { seek: rowComparison(o.keys, c, v, op), also: greater && !first.notNull ? Sql.of`${col} IS NULL` : null };
  if (rest.length === 0) return null;
  return { seek: Sql.of`${col} IS NULL AND ${rowComparison(rest, c, v.slice(1), op)}`, also: greater ? null : Sql.of`${col} IS NOT NULL` };
}

/**
 * Rows strictly after (`after`) or strictly before the key values `v` in the ordering, an
 * empty value being the greatest: one disjunction per key, built from the last.
 */
export function beyondSql(o: Ordering, c: Cols, v: readonly (string | null)[], side: 'after' | 'before'): Sql {
  // Keys in one direction, only the first ever empty: its ranges (one row comparison, and the run of empty values).
  const ranges = beyondRanges(o, c, v, side);
  if (ranges) return ranges.also ? Sql.of`(${ranges.seek}) OR (${ranges.also})` : ranges.seek;
  let acc: Sql | null = null;
  for (let i = o.keys.length - 1; i >= 0; i--) {
    const k = o.keys[i]!;
    const col = Sql.text(c[k.prop]!);
    const value = v[i];
    const p = Sql.of`${value}::${Sql.text(k.cast)}`;
    // In ascending terms (a descending key looks the other way): greater, or less.
    const greater = (side === 'after') !== k.desc;
    let beyond: Sql;
    if (value === null) beyond = greater ? Sql.text('false') : Sql.of`${col} IS NOT NULL`;
    else if (greater) beyond = k.notNull ? Sql.of`${col} > ${p}` : Sql.of`(${col} > ${p} OR ${col} IS NULL)`;
    else beyond = Sql.of`${col} < ${p}`;
    const equal = value === null ? Sql.of`${col} IS NULL` : Sql.of`${col} = ${p}`;
    acc = acc ? Sql.of`(${beyond} OR (${equal} AND ${acc}))` : beyond;
  }
  return acc!;
}
