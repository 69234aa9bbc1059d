/**
 * analyst/filter-sql
 *
 * A filter (analyst/inputs) as one SQL condition over the row's columns: operators per
 * field, `and` / `or` / `not`, and link predicates as correlated `EXISTS` over the link's
 * own `@Link` condition — each linked table under the caller's row scope, so a district
 * office cannot reach beyond its division through a child record. Depth, condition count
 * and every field's access are checked while compiling, before any SQL runs.
 */
import { getTableName } from 'drizzle-orm';
import { BadUserInputError } from '../errors.js';
import { colsOf, linkOf, tableSql, type Cols } from '../planner/declare.js';
import { objectType, requireClear, type AnalystEnv } from './access.js';
import { operatorSql } from './operators.js';
import { FILTER_LIMITS, type AnalystSpec } from './spec.js';
import { allOf, Sql } from '../../db/sql-parts.js';

type FilterValue = Readonly<Record<string, unknown>>;

/** `filter` on `spec`'s rows whose columns are `cols`, as one condition (`true` for none). */
export function filterSql(spec: AnalystSpec, filter: FilterValue | null | undefined, cols: Cols, env: AnalystEnv, path = 'filter'): Sql {
  let conditions = 0;
  const count = (at: string) => {
    if (++conditions > FILTER_LIMITS.conditions) {
      throw new BadUserInputError(`a filter takes at most ${FILTER_LIMITS.conditions} conditions`, { argument: at, limit: 'filterConditions', max: FILTER_LIMITS.conditions });
    }
  };

  const node = (s: AnalystSpec, value: FilterValue, c: Cols, at: string, depth: number): Sql => {
    if (depth > FILTER_LIMITS.depth) throw new BadUserInputError(`a filter nests at most ${FILTER_LIMITS.depth} levels deep`, { argument: at, limit: 'filterDepth', max: FILTER_LIMITS.depth });
    const parts: Sql[] = [];
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined || v === null) continue;
      const here = `${at}.${key}`;
      if (key === 'and' || key === 'or') {
        const subs = (v as FilterValue[]).map((x, i) => node(s, x ?? {}, c, `${here}[${i}]`, depth + 1));
        if (key === 'and') parts.push(allOf(subs));
        else parts.push(subs.length ? Sql.join(subs.map((x) => Sql.of`(${x})`), ' OR ') : Sql.text('false'));
      } else if (key === 'not') {
        parts.push(Sql.of`(${node(s, v as FilterValue, c, here, depth + 1)}) IS NOT TRUE`);
      } else if (s.fields[key]) {
        requireClear(env, s.typeName, key, 'Filtering on', here);
        parts.push(...operatorSql(s.fields[key]!, c[key]!, v as Record<string, unknown>, here, count, s.searchable?.includes(key)));
      } else if (s.relations[key]) {
        parts.push(relation(s, key, v as FilterValue, c, here, depth));
      } else {
        throw new BadUserInputError(`${s.typeName} has no filter field ${key}`, { argument: here });
      }
    }
    return allOf(parts);
  };

  const relation = (s: AnalystSpec, key: string, v: FilterValue, parent: Cols, at: string, depth: number): Sql => {
    requireClear(env, s.typeName, key, 'Filtering on', at);
    const rel = s.relations[key]!;
    const target = rel.target();
    const field = objectType(env.env.schema, s.typeName).getFields()[key]!;
    const link = linkOf(field);
    if (!link?.where) throw new Error(`${s.typeName}.${key} is an analyst relation without a @Link condition`);
    const alias = env.alias();
    const c = colsOf(target.table, alias);
    const scope = env.scope(objectType(env.env.schema, target.typeName), c, false);
    const linked = `${tableSql(target.table)} ${alias} WHERE (${link.where(c, parent, {})}) AND ${scope}`;
    if (rel.one) {
      count(at);
      const first = link.order ? `(SELECT ${alias}.* FROM ${linked} ORDER BY ${link.order(c, parent)} LIMIT 1) ${alias}` : null;
      const inner = node(target, v, c, at, depth + 1);
      return first ? Sql.of`EXISTS (SELECT 1 FROM ${Sql.text(first)} WHERE ${inner})` : Sql.of`EXISTS (SELECT 1 FROM ${Sql.text(linked)} AND (${inner}))`;
    }
    const parts: Sql[] = [];
    for (const [q, sub] of Object.entries(v)) {
      if (sub === undefined || sub === null) continue;
      count(`${at}.${q}`);
      const inner = node(target, sub as FilterValue, c, `${at}.${q}`, depth + 1);
      if (q === 'some') parts.push(Sql.of`EXISTS (SELECT 1 FROM ${Sql.text(linked)} AND (${inner}))`);
      else if (q === 'none') parts.push(Sql.of`NOT EXISTS (SELECT 1 FROM ${Sql.text(linked)} AND (${inner}))`);
      else if (q === 'every') parts.push(Sql.of`NOT EXISTS (SELECT 1 FROM ${Sql.text(linked)} AND (${inner}) IS NOT TRUE)`);
      else throw new BadUserInputError(`a list predicate takes some, none or every, not ${q}`, { argument: `${at}.${q}` });
    }
    return allOf(parts);
  };

  return node(spec, filter ?? {}, cols, path, 1);
}

/** The columns of `spec`'s table read under its own name (a root statement's FROM). */
export const rootCols = (spec: AnalystSpec): Cols => colsOf(spec.table, getTableName(spec.table));
