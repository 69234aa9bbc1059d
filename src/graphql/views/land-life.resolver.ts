/**
 * views/land-life.resolver
 *
 * `LandParcel.timeline` (from the parcel's events, their documents, and the units and
 * registrations that followed, all by the request's loaders), `LandParcel.indicators` (one
 * statement per batch of parcels) and `parcelTaxRanking` (a county's industrial parcels,
 * lowest 亩均税收 first, one statement). Days per stage per group: views/stage-durations.
 */
import DataLoader from 'dataloader';
import { getTableColumns, sql } from 'drizzle-orm';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { landParcel, type parcelEvent } from '../../../schema/index.js';
import { rowsOf } from '../../db/rows.js';
import { chinaToday } from '../../domain/china-day.js';
import { isKnownDivision } from '../../domain/divisions.js';
import { indicatorsOf, taxPaidSql, taxPerMuSql, type Indicators } from '../../views/land-indicators.js';
import { timelineOf, type TimelineEntry } from '../../views/timeline.js';
import { analystEnv, requireClear } from '../analyst/access.js';
import { rootCols } from '../analyst/filter-sql.js';
import { filterInScope } from '../analyst/page.js';
import { allOf, Sql } from '../../db/sql-parts.js';
import type { GraphQLContext } from '../context.js';
import { BadUserInputError } from '../errors.js';
import { LandParcelAnalyst } from '../land/land.analyst.js';
import { LandParcel, ParcelDocument, ParcelEvent } from '../land/land.type.js';
import { viewLoader } from '../loaders.js';
import { RealEstateUnit, Registration } from '../realestate/realestate.type.js';
import { ParcelIndicators, ParcelRank, ParcelStageEntry } from './land-life.type.js';

type ParcelRow = typeof landParcel.$inferSelect;
type EventRow = typeof parcelEvent.$inferSelect;
type Entry = TimelineEntry<EventRow> & { parcelCode: string; docNo: string | null };

const TAX_PAID = Symbol('tax paid by parcel holders');

/** Tax paid in the last 12 months by each parcel's holders, one statement per batch. */
function taxPaidLoader(ctx: GraphQLContext): DataLoader<string, number> {
  return viewLoader(ctx.loaders, TAX_PAID, () => {
    const today = chinaToday(ctx.now());
    return new DataLoader<string, number>(async (codes) => {
      const rows = rowsOf<{ code: string; paid: string }>(await ctx.db.execute(Sql.of`SELECT p.parcel_code AS code, ${Sql.text(taxPaidSql(today, 'p'))}::text AS paid
        FROM land_parcel p WHERE p.parcel_code = ANY(${[...codes]}::text[])`.toDrizzle()));
      const by = new Map(rows.map((r) => [r.code, Number(r.paid)]));
      return codes.map((c) => by.get(c) ?? 0);
    }, { maxBatchSize: 1000 });
  });
}

const indicators = (ctx: GraphQLContext, p: ParcelRow, taxPaid: number): Indicators =>
  indicatorsOf(ctx.views, { divisionCode: p.divisionCode, landUse: p.landUse, areaM2: p.areaM2 === null ? null : Number(p.areaM2), taxPaid });

@Resolver(() => LandParcel)
export class LandLifeResolver {
  @FieldResolver(() => [ParcelStageEntry], { description: '一码管地全生命周期 (the eight stages in order, each with its status, date, documents and the days since the previous one).' })
  async timeline(@Root() p: ParcelRow, @Ctx() ctx: GraphQLContext): Promise<Entry[]> {
    const events = await ctx.loaders.parcelEventsByParcel.load(p.parcelCode);
    return timelineOf(events).map((e) => ({ ...e, parcelCode: p.parcelCode, docNo: e.events[0]?.docNo ?? null }));
  }

  @FieldResolver(() => ParcelIndicators, { description: '标准地指标 (亩均税收 and its target; a target for industrial land only).' })
  async indicators(@Root() p: ParcelRow, @Ctx() ctx: GraphQLContext): Promise<Indicators> {
    return indicators(ctx, p, await taxPaidLoader(ctx).load(p.parcelCode));
  }
}

@Resolver(() => ParcelStageEntry)
export class ParcelStageEntryResolver {
  @FieldResolver(() => [ParcelEvent], { description: '该阶段的事件 (the stage’s events, by date).' })
  events(@Root() e: Entry): readonly EventRow[] {
    return e.events;
  }

  @FieldResolver(() => [ParcelDocument], { description: '要件 (出让合同, 规划许可证, 宗地图, 权籍调查表 …: the documents of the stage’s events).' })
  async documents(@Root() e: Entry, @Ctx() ctx: GraphQLContext) {
    return (await ctx.loaders.documentsByEvent.loadMany(e.events.map((x) => String(x.eventId)))).flatMap((d) => (Array.isArray(d) ? d : []));
  }

  @FieldResolver(() => [RealEstateUnit], { description: '登记后的不动产单元 (units on the parcel; REGISTRATION stage only).' })
  async units(@Root() e: Entry, @Ctx() ctx: GraphQLContext) {
    return e.stage === 'REGISTRATION' ? ctx.loaders.unitsByParcel.load(e.parcelCode) : [];
  }

  @FieldResolver(() => [Registration], { description: '不动产登记 (registrations on the parcel’s units; REGISTRATION stage only).' })
  async registrations(@Root() e: Entry, @Ctx() ctx: GraphQLContext) {
    if (e.stage !== 'REGISTRATION') return [];
    const units = await ctx.loaders.unitsByParcel.load(e.parcelCode);
    return (await ctx.loaders.registrationsByUnit.loadMany(units.map((u) => u.unitCode))).flatMap((r) => (Array.isArray(r) ? r : []));
  }
}

@Resolver()
export class LandLifeQueryResolver {
  @Query(() => [ParcelRank], { description: '亩均税收排名 (a county’s industrial parcels, lowest performers first; `landUse` a GB/T 21010 prefix, 06 by default).' })
  async parcelTaxRanking(
    @Arg('county', () => String, { description: '区县 (or city) division code.' }) county: string,
    @Arg('landUse', () => String, { defaultValue: '06', description: '土地用途 (a GB/T 21010 industrial code or prefix).' }) landUse: string,
    @Arg('first', () => Int, { defaultValue: 20, description: '前 n 名，1–100.' }) first: number,
    @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo,
  ) {
    if (!/^\d{6}$/.test(county) || !isKnownDivision(county)) throw new BadUserInputError('county must be a known 6-digit division code', { argument: 'county' });
    if (!/^06\d{0,2}$/.test(landUse)) throw new BadUserInputError('landUse must be an industrial GB/T 21010 code or prefix (06…)', { argument: 'landUse' });
    if (first < 1 || first > 100) throw new BadUserInputError('first must be 1-100', { argument: 'first' });
    const env = analystEnv(info.schema, ctx.gate, ctx.purpose !== null);
    requireClear(env, 'ParcelIndicators', 'taxPerMu', 'Ranking by', 'parcelTaxRanking');
    const c = rootCols(LandParcelAnalyst);
    const today = chinaToday(ctx.now());
    const where = allOf(filterInScope(LandParcelAnalyst, { divisionCode: { within: county }, landUse: { startsWith: landUse } }, c, env));
    const rows = await ctx.db
      .select({ ...getTableColumns(landParcel), paid__: sql<string>`${Sql.text(taxPaidSql(today, '"land_parcel"')).toDrizzle()}::text` })
      .from(landParcel)
      .where(where.toDrizzle())
      .orderBy(Sql.text(`${taxPerMuSql(today, '"land_parcel"')} ASC NULLS FIRST, "land_parcel".parcel_code`).toDrizzle())
      .limit(first);
    return rows.map(({ paid__, ...p }, i) => ({ rank: i + 1, parcelCode: p.parcelCode, parcel: p, indicators: indicators(ctx, p, Number(paid__)) }));
  }
}
