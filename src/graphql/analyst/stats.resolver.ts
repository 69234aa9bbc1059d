/**
 * analyst/stats.resolver
 *
 * Grouped statistics of each described entity type (`enterpriseStats`, …), generated: one
 * statement groups the filtered rows the caller may see by the dimensions asked for and
 * computes the count and the measures selected. Grouping by, or aggregating, a field the
 * department may not read in the clear is refused before any SQL (a count per value would
 * reveal it); groups smaller than the department's `minGroupSize` are withheld and counted.
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { Args, Ctx, Info, Query, Resolver } from 'type-graphql';
import { rowsOf } from '../../db/rows.js';
import type { GraphQLContext } from '../context.js';
import { BadUserInputError } from '../errors.js';
import { tableSql } from '../planner/declare.js';
import { analystEnv, requireClear, type AnalystEnv } from './access.js';
import { rootCols } from './filter-sql.js';
import { GROUP_ORIGIN, groupDims, groupIdOf, groupKeyOf, keyColumns, type GroupOrigin } from './grouping.js';
import { filterInScope } from './page.js';
import type { AnalystSpec } from './spec.js';
import { allOf, Sql } from '../../db/sql-parts.js';
import { statsTypesOf } from './stats-types.js';

/** Groups one statement may return. */
export const MAX_GROUPS = 10_000;
const AGGREGATES = ['sum', 'avg', 'min', 'max'] as const;
type Aggregate = (typeof AGGREGATES)[number];

interface StatsArgs {
  readonly filter?: Readonly<Record<string, unknown>> | null;
  readonly groupBy: readonly string[];
}

/** Which measures each aggregate selects (`sum { registeredCapital }`), through fragments. */
function selectedMeasures(info: GraphQLResolveInfo): Map<Aggregate, Set<string>> {
  const out = new Map<Aggregate, Set<string>>();
  const fields = (set: SelectionSetNode | undefined): FieldNode[] => (set?.selections ?? []).flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return fields(s.selectionSet);
    return fields(info.fragments[s.name.value]?.selectionSet);
  });
  for (const groups of info.fieldNodes.flatMap((n) => fields(n.selectionSet)).filter((f) => f.name.value === 'groups')) {
    for (const agg of fields(groups.selectionSet)) {
      const name = agg.name.value as Aggregate;
      if (!AGGREGATES.includes(name)) continue;
      const set = out.get(name) ?? new Set<string>();
      for (const m of fields(agg.selectionSet)) if (m.name.value !== '__typename') set.add(m.name.value);
      out.set(name, set);
    }
  }
  return out;
}

/** The statement: keys `k0…`, `n`, and `<agg>__<measure>` as text. */
export function statsSql(spec: AnalystSpec, args: StatsArgs, measures: Map<Aggregate, Set<string>>, env: AnalystEnv): Sql {
  const c = rootCols(spec);
  const keys = keyColumns(groupDims(spec.stats!.groups, args.groupBy, env, spec.typeName), c);
  const cells: string[] = [];
  for (const [agg, props] of measures) {
    for (const prop of props) {
      requireClear(env, spec.typeName, prop, 'Aggregating', `groups.${agg}.${prop}`);
      cells.push(`(${agg}(${c[prop]}))::text AS "${agg}__${prop}"`);
    }
  }
  const where = allOf(filterInScope(spec, args.filter, c, env));
  const by = keys.length ? ` GROUP BY ${keys.map((_k, i) => i + 1).join(', ')}` : '';
  const order = keys.length ? ` ORDER BY ${keys.map((_k, i) => `k${i} NULLS LAST`).join(', ')}` : '';
  const select = [...keys, 'count(*)::int AS n', ...cells].join(', ');
  // Grouped apart from the limit: a LIMIT next to GROUP BY tempts PostgreSQL to read the whole table in index order.
  return Sql.of`WITH g AS MATERIALIZED (SELECT ${Sql.text(select)} FROM ${Sql.text(tableSql(spec.table))} WHERE ${where}${Sql.text(by)})`
    .append(Sql.text(` SELECT * FROM g${order} LIMIT ${MAX_GROUPS + 1}`));
}

export function statsResolver(spec: AnalystSpec): Function {
  const s = spec.stats!;
  const { stats, args } = statsTypesOf(spec);
  const dims = s.groups;

  @Resolver()
  class StatsResolver {
    @Query(() => stats as never, { name: s.root, description: s.description })
    async stats(@Args(() => args as never) a: StatsArgs, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
      const measures = selectedMeasures(info);
      const query = statsSql(spec, a, measures, analystEnv(info.schema, ctx.gate, ctx.purpose !== null));
      const rows = rowsOf<Record<string, string | number | null>>(await ctx.db.execute(query.toDrizzle()));
      if (rows.length > MAX_GROUPS) throw new BadUserInputError(`more than ${MAX_GROUPS} groups: group by fewer dimensions or filter`, { argument: 'groupBy', limit: 'groups', max: MAX_GROUPS });
      const min = ctx.policy.minGroupSize(ctx.principal.department);
      const shown = rows.filter((r) => Number(r.n) >= min);
      const grouped = a.groupBy.map((g) => dims[g]!);
      const groups = shown.map((r) => {
        const group: Record<string | symbol, unknown> = { key: groupKeyOf(grouped, r), count: Number(r.n) };
        group[GROUP_ORIGIN] = { call: a, id: groupIdOf(grouped.length, r) } satisfies GroupOrigin;
        for (const [agg, props] of measures) {
          group[agg] = Object.fromEntries([...props].map((p) => {
            const v = r[`${agg}__${p}`];
            return [p, v === null || v === undefined ? null : s.measures[p] === 'date' ? String(v) : Number(v)];
          }));
        }
        return group;
      });
      return { groups, suppressedGroups: rows.length - shown.length };
    }
  }
  return StatsResolver;
}
