/**
 * planner/sql-text
 *
 * The SQL the planner writes for a value, each the exact counterpart of what GraphQL
 * serialises from a resolver's row: ISO timestamps as `Date#toISOString`, Relay global IDs
 * and cursors (analyst/order) as base64url, masks as `policy/masks`. Pure text builders.
 */
import type { PgColumn } from 'drizzle-orm/pg-core';
import { literal } from '../../db/sql-parts.js';
import { MASKABLE_SCALARS } from '../../policy/masks.js';

/** Thrown while compiling: this operation goes through the resolvers instead (which answer it, or refuse it with their error). */
export class Unplannable extends Error {}

/** `Date#toISOString()` of a timestamptz (millisecond precision, UTC, `Z`). */
export const isoTimestamp = (expr: string) => `to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Node's `Buffer#toString('base64url')` of a text value. */
export const base64url = (textExpr: string) => `translate(rtrim(encode(convert_to(${textExpr}, 'UTF8'), 'base64'), '='), E'+/\\n', '-_')`;

/** `toGlobalId(type, key)`. */
export const globalId = (type: string, keyExpr: string) => base64url(`${literal(`${type}:`)} || ${keyExpr}`);

/** Columns whose JSON is the string drizzle returns (a numeric's JSON would be a number). */
const TEXT_AS_IS = new Set(['PgText', 'PgVarchar', 'PgChar', 'PgDateString']);

/** A scalar value as GraphQL serialises it from the row drizzle would return. */
export function leafSql(column: PgColumn, expr: string, scalar: string): string {
  switch (scalar) {
    case 'DateTimeISO':
      if (column.columnType !== 'PgTimestamp') throw new Unplannable(`DateTimeISO from ${column.columnType}`);
      return isoTimestamp(expr);
    case 'String':
    case 'ID':
      if (column.columnType === 'PgTimestamp' || column.columnType === 'PgJsonb' || column.columnType === 'PgJson') throw new Unplannable(`String from ${column.columnType}`);
      return TEXT_AS_IS.has(column.columnType) ? expr : `(${expr})::text`;
    case 'Date':
      if (column.columnType !== 'PgDateString') throw new Unplannable(`Date from ${column.columnType}`);
      return expr;
    case 'Int':
    case 'Float':
      return column.dataType === 'number' || column.columnType === 'PgNumeric' ? expr : `(${expr})::numeric`;
    case 'Boolean':
      if (column.dataType !== 'boolean') throw new Unplannable(`Boolean from ${column.columnType}`);
      return expr;
    case 'JSONObject':
      // The stored object as it is (GraphQLJSONObject serialises an object unchanged).
      if (column.columnType !== 'PgJsonb') throw new Unplannable(`JSONObject from ${column.columnType}`);
      return expr;
    default:
      // Other custom scalars serialise in ways of their own: left to the resolvers.
      throw new Unplannable(`scalar ${scalar}`);
  }
}

/** An enum as GraphQL serialises it: each stored value to its name (a value that is none of them is left to the resolvers' error). */
export function enumSql(expr: string, values: readonly { readonly name: string; readonly value: unknown }[]): string {
  if (values.every((v) => v.value === v.name)) return expr;
  if (!values.every((v) => typeof v.value === 'string')) throw new Unplannable('enum of non-text values');
  return `(CASE ${expr} ${values.map((v) => `WHEN ${literal(v.value as string)} THEN ${literal(v.name)}`).join(' ')} END)`;
}

/** `maskValue` of text: an ID-number shape keeps 6 + 4, other text its first character (the gate withholds the rest). */
export function maskSql(expr: string, scalar: string): string {
  if (!MASKABLE_SCALARS.has(scalar)) throw new Unplannable(`masked ${scalar}`);
  return `(CASE WHEN ${expr} IS NULL THEN NULL`
    + ` WHEN ${expr} ~ '^([0-9]{17}[0-9Xx]|[0-9]{15})$' THEN left(${expr}, 6) || repeat('*', length(${expr}) - 10) || right(${expr}, 4)`
    + ` WHEN length(${expr}) <= 1 THEN '*'`
    + ` ELSE left(${expr}, 1) || repeat('*', least(length(${expr}) - 1, 8)) END)`;
}

/** `maskValue` of a JSON array of text: each item masked, in order. */
export function maskListSql(expr: string, scalar: string): string {
  const items = `SELECT coalesce(jsonb_agg(${maskSql('m.x', scalar)} ORDER BY m.n), '[]'::jsonb) FROM jsonb_array_elements_text((${expr})::jsonb) WITH ORDINALITY m(x, n)`;
  return `(CASE WHEN ${expr} IS NULL THEN NULL ELSE (${items}) END)`;
}

/** `json_build_object` of (key, value SQL) pairs, in order. */
export const jsonObject = (pairs: readonly (readonly [string, string])[]) =>
  `json_build_object(${pairs.map(([k, v]) => `${literal(k)}, ${v}`).join(', ')})`;
