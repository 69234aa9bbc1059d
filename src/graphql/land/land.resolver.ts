/**
 * land/land.resolver
 *
 * A parcel's whole life under one code: lookups and links (the filtered list is land.analyst's)
 * (events → documents, project, enterprises; units → registrations).
 */
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { landParcel } from '../../../schema/index.js';
import { validateParcelCode, validateProjectCode } from '../../domain/identifiers/index.js';
import { EntityResolver } from '../common/entity.resolver.js';
import type { GraphQLContext } from '../context.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import { NotFoundError } from '../errors.js';
import { requireValid, validKey } from '../identifier-args.js';
import type { Row } from '../loaders.js';
import { RealEstateUnit, Registration } from '../realestate/realestate.type.js';
import { LandParcel, ParcelDocument, ParcelEvent, Project } from './land.type.js';
import { Link, Lookup, lookupKeys, tableSql } from '../planner/declare.js';
import { parcelEvent, realEstateUnit, registration, registrationHolder } from '../../../schema/index.js';

type ParcelRow = Row<typeof landParcel>;
type EventRow = Row<typeof parcelEvent>;
type ProjectRow = Row<typeof import('../../../schema/index.js').project>;

@Resolver(() => LandParcel)
export class LandParcelResolver extends EntityResolver(LandParcel, 'LandParcel') {
  @Lookup({ by: { parcelCode: 'code' }, key: ({ code: v }) => lookupKeys(validKey(validateParcelCode(String(v)))) })
  @Query(() => LandParcel, { nullable: true, description: '按宗地代码查询宗地：A parcel by its 19-character parcel code.' })
  async parcel(@Arg('code', () => String, { description: '宗地代码 (19-character parcel code).' }) code: string, @Ctx() ctx: GraphQLContext): Promise<ParcelRow> {
    const row = await ctx.loaders.parcelByCode.load(requireValid(validateParcelCode(code)));
    if (!row) throw new NotFoundError('LandParcel');
    return row;
  }

  @Link({ where: (c, p) => `${c.parcelCode} = ${p.parcelCode}`, order: (c) => c.eventId! })
  @FieldResolver(() => [ParcelEvent], { description: '生命周期事件：Lifecycle events, oldest first.' })
  events(@Root() p: ParcelRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.parcelEventsByParcel.load(p.parcelCode);
  }

  @Link({ where: (c, p) => `${c.parcelCode} = ${p.parcelCode}`, order: (c) => c.unitCode! })
  @FieldResolver(() => [RealEstateUnit], { description: '不动产单元：Units on this parcel (their codes start with its code).' })
  units(@Root() p: ParcelRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.unitsByParcel.load(p.parcelCode);
  }

  @Link({
    where: (c, p) => `${c.unitCode} IN (SELECT u.unit_code FROM ${tableSql(realEstateUnit)} u WHERE u.parcel_code = ${p.parcelCode})`,
    order: (c) => `${c.unitCode}, ${c.registeredAt}, ${c.ywh}`,
  })
  @FieldResolver(() => [Registration], { description: '不动产登记：Every registration on every unit of this parcel.' })
  async registrations(@Root() p: ParcelRow, @Ctx() ctx: GraphQLContext) {
    const units = await ctx.loaders.unitsByParcel.load(p.parcelCode);
    return (await ctx.loaders.registrationsByUnit.loadMany(units.map((u) => u.unitCode))).flatMap((r) => (Array.isArray(r) ? r : []));
  }

  @Link({
    where: (c, p) => `${c.projectCode} IN (SELECT e.project_code FROM ${tableSql(parcelEvent)} e WHERE e.parcel_code = ${p.parcelCode})`,
    order: (c, p) => `(SELECT min(e.event_id) FROM ${tableSql(parcelEvent)} e WHERE e.parcel_code = ${p.parcelCode} AND e.project_code = ${c.projectCode})`,
  })
  @FieldResolver(() => [Project], { description: '投资项目：Projects named on this parcel’s events.' })
  async projects(@Root() p: ParcelRow, @Ctx() ctx: GraphQLContext) {
    const events = await ctx.loaders.parcelEventsByParcel.load(p.parcelCode);
    const codes = [...new Set(events.flatMap((e) => (e.projectCode ? [e.projectCode] : [])))];
    return (await ctx.loaders.projectByCode.loadMany(codes)).filter((x) => x && !(x instanceof Error));
  }

  @Link({
    where: (c, p) => `${c.uscc} IN (SELECT e.enterprise_uscc FROM ${tableSql(parcelEvent)} e WHERE e.parcel_code = ${p.parcelCode}`
      + ` UNION SELECT h.holder_uscc FROM ${tableSql(registration)} r JOIN ${tableSql(registrationHolder)} h ON h.ywh = r.ywh WHERE left(r.unit_code, 19) = ${p.parcelCode})`,
    order: (c) => c.id!,
  })
  @FieldResolver(() => [Enterprise], { description: '关联企业：Enterprises on its events or holding rights on its units.' })
  enterprises(@Root() p: ParcelRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.enterprisesByParcel.load(p.parcelCode);
  }
}

@Resolver(() => ParcelEvent)
export class ParcelEventResolver extends EntityResolver(ParcelEvent, 'ParcelEvent') {
  @Link({ one: true, where: (c, p) => `${c.parcelCode} = ${p.parcelCode}` })
  @FieldResolver(() => LandParcel, { nullable: true, description: '宗地：Null while the parcel feed has not sent the parcel yet.' })
  parcel(@Root() e: EventRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.parcelByCode.load(e.parcelCode);
  }

  @Link({ where: (c, p) => `${c.eventId} = ${p.eventId}`, order: (c) => c.id! })
  @FieldResolver(() => [ParcelDocument], { description: '要件 (documents filed with the event).' })
  documents(@Root() e: EventRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.documentsByEvent.load(String(e.eventId));
  }

  @Link({ one: true, where: (c, p) => `${c.uscc} = ${p.enterpriseUscc}` })
  @FieldResolver(() => Enterprise, { description: '相关企业 (the enterprise named on the event).', nullable: true })
  enterprise(@Root() e: EventRow, @Ctx() ctx: GraphQLContext) {
    return e.enterpriseUscc ? ctx.loaders.enterpriseByUscc.load(e.enterpriseUscc) : null;
  }

  @Link({ one: true, where: (c, p) => `${c.projectCode} = ${p.projectCode}` })
  @FieldResolver(() => Project, { description: '相关项目 (the project named on the event).', nullable: true })
  project(@Root() e: EventRow, @Ctx() ctx: GraphQLContext) {
    return e.projectCode ? ctx.loaders.projectByCode.load(e.projectCode) : null;
  }
}

@Resolver(() => Project)
export class ProjectResolver extends EntityResolver(Project, 'Project') {
  @Lookup({ by: { projectCode: 'code' }, key: ({ code: v }) => lookupKeys(validKey(validateProjectCode(String(v)))) })
  @Query(() => Project, { nullable: true, description: '按项目代码查询项目：A project by its code (either scheme).' })
  async project(@Arg('code', () => String, { description: '项目代码 (investment project code).' }) code: string, @Ctx() ctx: GraphQLContext): Promise<ProjectRow> {
    const row = await ctx.loaders.projectByCode.load(requireValid(validateProjectCode(code)));
    if (!row) throw new NotFoundError('Project');
    return row;
  }

  @Link({ where: (c, p) => `${c.projectCode} = ${p.projectCode}`, order: (c) => c.eventId! })
  @FieldResolver(() => [ParcelEvent], { description: '地块事件 (parcel lifecycle events naming this project).' })
  events(@Root() p: ProjectRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.parcelEventsByProject.load(p.projectCode);
  }

  @Link({
    where: (c, p) => `${c.parcelCode} IN (SELECT e.parcel_code FROM ${tableSql(parcelEvent)} e WHERE e.project_code = ${p.projectCode})`,
    order: (c, p) => `(SELECT min(e.event_id) FROM ${tableSql(parcelEvent)} e WHERE e.project_code = ${p.projectCode} AND e.parcel_code = ${c.parcelCode})`,
  })
  @FieldResolver(() => [LandParcel], { description: '涉及地块 (parcels on this project’s events).' })
  async parcels(@Root() p: ProjectRow, @Ctx() ctx: GraphQLContext) {
    const events = await ctx.loaders.parcelEventsByProject.load(p.projectCode);
    return (await ctx.loaders.parcelByCode.loadMany([...new Set(events.map((e) => e.parcelCode))])).filter((x) => x && !(x instanceof Error));
  }

  @Link({
    where: (c, p) => `${c.uscc} IN (SELECT e.enterprise_uscc FROM ${tableSql(parcelEvent)} e WHERE e.project_code = ${p.projectCode})`,
    order: (c, p) => `(SELECT min(e.event_id) FROM ${tableSql(parcelEvent)} e WHERE e.project_code = ${p.projectCode} AND e.enterprise_uscc = ${c.uscc})`,
  })
  @FieldResolver(() => [Enterprise], { description: '涉及企业 (enterprises on this project’s events).' })
  async enterprises(@Root() p: ProjectRow, @Ctx() ctx: GraphQLContext) {
    const events = await ctx.loaders.parcelEventsByProject.load(p.projectCode);
    const codes = [...new Set(events.flatMap((e) => (e.enterpriseUscc ? [e.enterpriseUscc] : [])))];
    return (await ctx.loaders.enterpriseByUscc.loadMany(codes)).filter((x) => x && !(x instanceof Error));
  }
}
