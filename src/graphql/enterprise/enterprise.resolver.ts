/**
 * enterprise/enterprise.resolver
 *
 * Lookups by USCC and 注册号, and every link out of an enterprise (the filtered list is
 * enterprise.analyst's): events, legal representative, licenses, credit, loans, tax, parcels, units,
 * projects.
 */
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { enterprise, parcelEvent } from '../../../schema/index.js';
import { Computed, Link, Lookup, lookupKeys, tableSql } from '../planner/declare.js';
import { validateRegistrationNumber, validateUscc } from '../../domain/identifiers/index.js';
import { EntityResolver, provenanceOf, type ProvenanceRow } from '../common/entity.resolver.js';
import { Provenance } from '../common/provenance.type.js';
import type { GraphQLContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { requireValid, validKey } from '../identifier-args.js';
import type { Row } from '../loaders.js';
import { CreditRecord, Loan } from '../credit/credit.type.js';
import { LandParcel, Project } from '../land/land.type.js';
import { License } from '../license/license.type.js';
import { Person } from '../person/person.type.js';
import { RealEstateUnit } from '../realestate/realestate.type.js';
import { TaxProfile, TaxRating } from '../tax/tax.type.js';
import { Enterprise, EnterpriseEvent, SourcedValue } from './enterprise.type.js';
import { priorityOf } from '../../domain/source-priority.js';
import { holdingsOf, parcelsHeldBy } from '../../views/holdings.js';

type EnterpriseRow = Row<typeof enterprise>;

@Resolver(() => Enterprise)
export class EnterpriseResolver extends EntityResolver(Enterprise, 'Enterprise') {
  @Lookup({ by: { uscc: 'uscc' }, key: ({ uscc: v }) => lookupKeys(validKey(validateUscc(String(v)))) })
  @Query(() => Enterprise, { nullable: true, description: '按统一社会信用代码查询企业：An enterprise by its USCC. INVALID_IDENTIFIER for a malformed code, NOT_FOUND for an unknown one.' })
  async enterprise(@Arg('uscc', () => String, { description: '统一社会信用代码 (18-character USCC; checked, then looked up).' }) uscc: string, @Ctx() ctx: GraphQLContext): Promise<EnterpriseRow> {
    const strict = validateUscc(uscc);
    // A pilot code failing only its position-18 check may be in the graph (lenient sources): look, then refuse.
    const key = requireValid(strict.ok || strict.code !== 'CHECKSUM' ? strict : validateUscc(uscc, { lenient: true }));
    const row = await ctx.loaders.enterpriseByUscc.load(key);
    if (!row) {
      requireValid(strict);
      throw new NotFoundError('Enterprise');
    }
    return row;
  }

  @Lookup({ by: { regNo: 'regNo' }, key: ({ regNo: v }) => lookupKeys(validKey(validateRegistrationNumber(String(v)))) })
  @Query(() => Enterprise, { nullable: true, description: '按注册号查询企业：An enterprise by its pre-2015 registration number (注册号).' })
  async enterpriseByRegistrationNumber(@Arg('regNo', () => String, { description: '注册号 (15-digit pre-2015 registration number).' }) regNo: string, @Ctx() ctx: GraphQLContext): Promise<EnterpriseRow> {
    const row = await ctx.loaders.enterpriseByRegNo.load(requireValid(validateRegistrationNumber(regNo)));
    if (!row) throw new NotFoundError('Enterprise');
    return row;
  }

  @Computed((t) => `coalesce(${t.warnings}, '[]'::jsonb)`)
  @FieldResolver(() => [String])
  warnings(@Root() e: EnterpriseRow): string[] {
    return e.warnings ?? [];
  }

  @Link({ where: (c, p) => `${c.uscc} = ${p.uscc}`, order: (c) => `${c.occurredOn}, ${c.id}` })
  @FieldResolver(() => [EnterpriseEvent], { description: '登记事件：Registration events, oldest first.' })
  events(@Root() e: EnterpriseRow, @Ctx() ctx: GraphQLContext) {
    return e.uscc ? ctx.loaders.enterpriseEventsByUscc.load(e.uscc) : [];
  }

  @FieldResolver(() => Person, { nullable: true, description: '法定代表人：The legal representative, when registered with a resident ID.' })
  legalRepresentative(@Root() e: EnterpriseRow, @Ctx() ctx: GraphQLContext) {
    return e.legalRepPersonHash ? ctx.loaders.personByHash.load(e.legalRepPersonHash) : null;
  }

  @Link({ where: (c, p) => `${c.holderUscc} = ${p.uscc}`, order: (c) => c.licenseId! })
  @FieldResolver(() => [License], { description: '电子证照 (e-licenses held by this enterprise, by license id).' })
  licenses(@Root() e: EnterpriseRow, @Ctx() ctx: GraphQLContext) {
    return e.uscc ? ctx.loaders.licensesByHolderUscc.load(e.uscc) : [];
  }

  @Link({ where: (c, p, args) => `${c.uscc} = ${p.uscc}${args.includeWithdrawn ? '' : ` AND NOT ${c.withdrawn}`}`, order: (c) => `${c.decidedOn}, ${c.id}` })
  @FieldResolver(() => [CreditRecord], { description: '信用记录：Licensing, penalty and court-defaulter records; withdrawn ones only with `includeWithdrawn`.' })
  async creditRecords(
    @Root() e: EnterpriseRow,
    @Ctx() ctx: GraphQLContext,
    @Arg('includeWithdrawn', () => Boolean, { description: '含已撤下记录 (include records withdrawn from the list). @default false', defaultValue: false }) includeWithdrawn: boolean,
  ) {
    if (!e.uscc) return [];
    const rows = await ctx.loaders.creditByUscc.load(e.uscc);
    return includeWithdrawn ? rows : rows.filter((r) => !r.withdrawn);
  }

  @Link({ where: (c, p, args) => `${c.borrowerUscc} = ${p.uscc}${args.includeWithdrawn ? '' : ` AND NOT ${c.withdrawn}`}`, order: (c) => `${c.disbursedOn}, ${c.id}` })
  @FieldResolver(() => [Loan], { description: '贷款：Loans in the banks’ ledger; those no longer in it (withdrawn) only with `includeWithdrawn`.' })
  async loans(
    @Root() e: EnterpriseRow,
    @Ctx() ctx: GraphQLContext,
    @Arg('includeWithdrawn', () => Boolean, { description: '含已结清/移出的贷款 (include loans no longer in the ledger). @default false', defaultValue: false }) includeWithdrawn: boolean,
  ) {
    if (!e.uscc) return [];
    const rows = await ctx.loaders.loansByUscc.load(e.uscc);
    return includeWithdrawn ? rows : rows.filter((r) => !r.withdrawn);
  }

  @Link({ one: true, where: (c, p) => `${c.uscc} = ${p.uscc}` })
  @FieldResolver(() => TaxProfile, { nullable: true, description: '税务登记：The tax bureau’s view of this enterprise (its TIN is its USCC).' })
  tax(@Root() e: EnterpriseRow, @Ctx() ctx: GraphQLContext) {
    return e.uscc ? ctx.loaders.taxpayerByUscc.load(e.uscc) : null;
  }

  @Link({ one: true, where: (c, p) => `${c.tin} = ${p.uscc}`, order: (c) => `${c.year} DESC` })
  @FieldResolver(() => TaxRating, { nullable: true, description: '最新纳税信用等级：The latest tax credit rating.' })
  taxRating(@Root() e: EnterpriseRow, @Ctx() ctx: GraphQLContext) {
    return e.uscc ? ctx.loaders.latestRatingByTin.load(e.uscc) : null;
  }

  @Link({ where: (c, p) => `${c.parcelCode} IN (${parcelsHeldBy(p.uscc!)})`, order: (c) => c.parcelCode! })
  @FieldResolver(() => [LandParcel], { description: '关联宗地：Parcels named with this enterprise on a lifecycle event or held through a registration.' })
  parcels(@Root() e: EnterpriseRow, @Ctx() ctx: GraphQLContext) {
    return e.uscc ? ctx.loaders.parcelsByEnterprise.load(e.uscc) : [];
  }

  @Link({
    where: (c, p) => `${c.unitCode} IN (SELECT r.unit_code FROM ${holdingsOf(p.uscc!)})`,
    // In the order of the enterprise's holdings (by 业务号), each unit once.
    order: (c, p) => `(SELECT min(h.ywh) FROM ${holdingsOf(p.uscc!)} AND r.unit_code = ${c.unitCode})`,
  })
  @FieldResolver(() => [RealEstateUnit], { description: '持有的不动产单元：Units on which this enterprise holds a registered right.' })
  async units(@Root() e: EnterpriseRow, @Ctx() ctx: GraphQLContext) {
    if (!e.uscc) return [];
    const holdings = await ctx.loaders.holdingsByUscc.load(e.uscc);
    const regs = await ctx.loaders.registrationByYwh.loadMany([...new Set(holdings.map((h) => h.ywh))]);
    const codes = [...new Set(regs.flatMap((r) => (r && !(r instanceof Error) ? [r.unitCode] : [])))];
    return (await ctx.loaders.unitByCode.loadMany(codes)).filter((u) => u && !(u instanceof Error));
  }

  @FieldResolver(() => [SourcedValue], {
    description: '各来源的企业名称：Every source’s value for the name, ranked by the source-priority rule (market registry first). The entity carries the chosen one; the others stay visible here.',
  })
  async nameBySource(@Root() e: EnterpriseRow, @Ctx() ctx: GraphQLContext): Promise<SourcedValue[]> {
    const values: Omit<SourcedValue, 'priority' | 'chosen'>[] = [
      { sourceId: e.sourceId, connector: ctx.sourceConnector(e.sourceId), value: e.name, fetchedAt: e.fetchedAt },
    ];
    if (e.uscc) {
      const [tax, licenses, credit] = await Promise.all([
        ctx.loaders.taxpayerByUscc.load(e.uscc),
        ctx.loaders.licensesByHolderUscc.load(e.uscc),
        ctx.loaders.creditByUscc.load(e.uscc),
      ]);
      if (tax) values.push({ sourceId: tax.sourceId, connector: ctx.sourceConnector(tax.sourceId), value: tax.name, fetchedAt: tax.fetchedAt });
      const lic = licenses.find((l) => l.typeName === '营业执照') ?? licenses[0];
      if (lic) values.push({ sourceId: lic.sourceId, connector: ctx.sourceConnector(lic.sourceId), value: lic.holderName, fetchedAt: lic.fetchedAt });
      const cr = credit[0];
      if (cr) values.push({ sourceId: cr.sourceId, connector: ctx.sourceConnector(cr.sourceId), value: cr.subjectName, fetchedAt: cr.fetchedAt });
    }
    return values
      .map((v) => ({ ...v, priority: priorityOf('Enterprise.name', v.connector), chosen: v.value === e.name && v.sourceId === e.sourceId }))
      .sort((a, b) => a.priority - b.priority);
  }

  @Link({
    where: (c, p) => `${c.projectCode} IN (SELECT e.project_code FROM ${tableSql(parcelEvent)} e WHERE e.enterprise_uscc = ${p.uscc})`,
    // In the order of the enterprise's parcel events, each project once.
    order: (c, p) => `(SELECT min(e.event_id) FROM ${tableSql(parcelEvent)} e WHERE e.enterprise_uscc = ${p.uscc} AND e.project_code = ${c.projectCode})`,
  })
  @FieldResolver(() => [Project], { description: '关联投资项目：Investment projects on this enterprise’s parcel events.' })
  async projects(@Root() e: EnterpriseRow, @Ctx() ctx: GraphQLContext) {
    if (!e.uscc) return [];
    const events = await ctx.loaders.parcelEventsByEnterprise.load(e.uscc);
    const codes = [...new Set(events.flatMap((ev) => (ev.projectCode ? [ev.projectCode] : [])))];
    return (await ctx.loaders.projectByCode.loadMany(codes)).filter((p) => p && !(p instanceof Error));
  }
}

@Resolver(() => EnterpriseEvent)
export class EnterpriseEventResolver {
  @Link({ inline: () => 'true' })
  @FieldResolver(() => Provenance, { description: '来源 (where this event came from).' })
  provenance(@Root() row: ProvenanceRow): Provenance {
    return provenanceOf(row);
  }
}
