/**
 * views/stage-durations
 *
 * 一码管地: how long parcels take from one lifecycle stage to the next — median, mean and
 * longest days to reach each stage from the previous dated one — per group of parcels,
 * grouped as `parcelStats` groups them. Asked two ways, answered by one statement each:
 * - `parcelStats(groupBy: [COUNTY, LAND_USE, STAGE]) { groups { key { … } count stageDays { … } } }`,
 *   the figures beside each group's count (one statement for all the groups of the call);
 * - `parcelStageDurations(filter, groupBy)`, the figures alone, with each group's slowest stage.
 * A stage reached by fewer parcels than the department's `minGroupSize` is withheld, as a
 * small group is.
 */
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { Args, ArgsType, Ctx, Field, FieldResolver, Info, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { rowsOf } from '../../db/rows.js';
import { allOf, literal, Sql } from '../../db/sql-parts.js';
import { STAGES } from '../../views/timeline.js';
import { analystEnv, requireClear, type AnalystEnv } from '../analyst/access.js';
import { rootCols } from '../analyst/filter-sql.js';
import { GROUP_ORIGIN, groupDims, groupIdOf, groupKeyOf, keyColumns, type GroupOrigin } from '../analyst/grouping.js';
import { inputsOf } from '../analyst/inputs.js';
import { filterInScope } from '../analyst/page.js';
import { FILTER_LIMITS, namedClass } from '../analyst/spec.js';
import { statsTypesOf } from '../analyst/stats-types.js';
import type { GraphQLContext } from '../context.js';
import { DataClass } from '../data-class.js';
import { LandParcelAnalyst } from '../land/land.analyst.js';
import { viewLoader } from '../loaders.js';
import { StageDuration } from './land-life.type.js';

/** A statistics call: its filter and groupBy (as a `parcelStats` group's origin holds them). */
type Call = GroupOrigin['call'];
interface Stage { stage: string; parcels: number; medianDays: number | null; avgDays: number | null; maxDays: number | null }
interface Group { key: Record<string, string | null>; stages: Stage[] }

/** The groups' stage figures by group id, in stage order; `maxDims` is how many dimensions the asking field allows, `asking` names it in a refusal. */
async function stageDurations(ctx: GraphQLContext, env: AnalystEnv, call: Call, maxDims: number, asking: string): Promise<Map<string, Group>> {
  const dims = groupDims(LandParcelAnalyst.stats!.groups, call.groupBy, env, 'LandParcel', maxDims);
  requireClear(env, 'ParcelEvent', 'occurredOn', 'Timing', asking);
  const c = rootCols(LandParcelAnalyst);
  const k = dims.map((_d, i) => `k${i}`);
  const ks = k.map((x) => `${x}, `).join('');
  const where = allOf(filterInScope(LandParcelAnalyst, call.filter, c, env));
  const order = `array_position(ARRAY[${STAGES.map(literal).join(', ')}], ev.stage)`;
  const query = Sql.of`WITH ev AS MATERIALIZED (
      SELECT ${Sql.text(keyColumns(dims, c).map((x) => `${x}, `).join(''))}"land_parcel".parcel_code AS code, e.stage, min(e.occurred_on) AS d
      FROM land_parcel JOIN parcel_event e ON e.parcel_code = "land_parcel".parcel_code
      WHERE ${where} AND e.occurred_on IS NOT NULL GROUP BY ${Sql.text([...k, 'code', 'e.stage'].join(', '))}),
    steps AS (SELECT ${Sql.text(ks)}ev.stage, ${Sql.text(order)} AS o, ev.d - lag(ev.d) OVER (PARTITION BY ev.code ORDER BY ${Sql.text(order)}) AS days FROM ev)
    SELECT ${Sql.text(ks)}stage, min(o) AS o, count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::float8 AS median,
      avg(days)::float8 AS mean, max(days)::int AS longest
    FROM steps WHERE days IS NOT NULL GROUP BY ${Sql.text([...k, 'stage'].join(', '))} ORDER BY ${Sql.text([...k.map((x) => `${x} NULLS LAST`), 'min(o)'].join(', '))} LIMIT 10001`;
  const rows = rowsOf<Record<string, unknown>>(await ctx.db.execute(query.toDrizzle()));
  const min = ctx.policy.minGroupSize(ctx.principal.department);
  const groups = new Map<string, Group>();
  for (const r of rows) {
    if (Number(r.n) < min) continue;
    const id = groupIdOf(dims.length, r);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key: groupKeyOf(dims, r), stages: [] }));
    g.stages.push({
      stage: String(r.stage), parcels: Number(r.n), medianDays: r.median === null ? null : Number(r.median),
      avgDays: r.mean === null ? null : Math.round(Number(r.mean) * 10) / 10, maxDays: r.longest as number | null,
    });
  }
  return groups;
}

const STAGES_OF_CALL = Symbol('stage durations of a parcelStats call');

/** One statement per `parcelStats` call whose groups ask for `stageDays`. */
function stagesOfCall(ctx: GraphQLContext, env: AnalystEnv): DataLoader<Call, Map<string, Group>> {
  return viewLoader(ctx.loaders, STAGES_OF_CALL, () => new DataLoader<Call, Map<string, Group>>(
    (calls) => Promise.all(calls.map((call) => stageDurations(ctx, env, call, FILTER_LIMITS.groupKeys, 'groups.stageDays').catch((e: Error) => e))),
  ));
}

const stats = statsTypesOf(LandParcelAnalyst);

@Resolver(() => stats.group)
export class ParcelGroupStagesResolver {
  @FieldResolver(() => [StageDuration], { description: '各阶段用时 (median, mean and longest days to reach each stage from the previous dated one, for this group’s parcels, in stage order; a stage reached by fewer parcels than the department’s minimum group size is left out).' })
  async stageDays(@Root() group: Record<symbol, GroupOrigin | undefined>, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<Stage[]> {
    const origin = group[GROUP_ORIGIN]!;
    const groups = await stagesOfCall(ctx, analystEnv(info.schema, ctx.gate, ctx.purpose !== null)).load(origin.call);
    return groups.get(origin.id)?.stages ?? [];
  }
}

const StageGroup = namedClass('ParcelStageGroup');
Field(() => stats.key as never, { description: '分组取值.' })(StageGroup.prototype, 'key');
Field(() => [StageDuration], { description: '各阶段用时, in stage order.' })(StageGroup.prototype, 'stages');
Field(() => String, { nullable: true, description: '最慢阶段 (the stage with the longest median).' })(StageGroup.prototype, 'slowest');
DataClass('STRUCTURE')(StageGroup as never);
ObjectType('ParcelStageGroup', { description: '一组宗地的阶段用时.' })(StageGroup);
const Durations = namedClass('ParcelStageDurations');
Field(() => [StageGroup] as never, { description: '各分组.' })(Durations.prototype, 'groups');
DataClass('STRUCTURE')(Durations as never);
ObjectType('ParcelStageDurations', { description: '宗地阶段用时统计 (median days per lifecycle stage, per group).' })(Durations);
const DurationArgs = namedClass('ParcelStageDurationsArgs');
Field(() => inputsOf(LandParcelAnalyst).filter as never, { nullable: true, description: '筛选条件 (which parcels).' })(DurationArgs.prototype, 'filter');
Field(() => [stats.groupBy] as never, { defaultValue: [], description: '分组维度 (as parcelStats), at most 3.' })(DurationArgs.prototype, 'groupBy');
ArgsType()(DurationArgs);

@Resolver()
export class StageDurationsResolver {
  @Query(() => Durations as never, { description: '宗地阶段用时 (median, mean and longest days to reach each stage from the previous done one, per group of parcels: where supply-to-permit takes longest). The same figures as `parcelStats { groups { stageDays } }`, with each group’s slowest stage.' })
  async parcelStageDurations(@Args(() => DurationArgs) a: Call, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const groups = await stageDurations(ctx, analystEnv(info.schema, ctx.gate, ctx.purpose !== null), a, 3, 'parcelStageDurations');
    return {
      groups: [...groups.values()].map((g) => {
        const slowest = g.stages.reduce<Stage | null>((m, s) => (s.medianDays !== null && (m === null || s.medianDays > m.medianDays!) ? s : m), null);
        return { ...g, slowest: slowest?.stage ?? null };
      }),
    };
  }
}
