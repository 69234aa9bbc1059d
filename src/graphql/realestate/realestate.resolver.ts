/**
 * realestate/realestate.resolver
 *
 * Units and registrations: unit → parcel, registrations; registration → unit, holders,
 * mortgage, what it cancels and what cancelled it.
 */
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { realEstateUnit, registration, registrationHolder } from '../../../schema/index.js';
import { validateUnitCode } from '../../domain/identifiers/index.js';
import { EntityResolver } from '../common/entity.resolver.js';
import type { GraphQLContext } from '../context.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import { BadUserInputError, NotFoundError } from '../errors.js';
import { requireValid, validKey } from '../identifier-args.js';
import { LandParcel } from '../land/land.type.js';
import type { Row } from '../loaders.js';
import { Person } from '../person/person.type.js';
import { Mortgage, RealEstateUnit, Registration, RegistrationHolder } from './realestate.type.js';
import { Link, Lookup, lookupKeys } from '../planner/declare.js';

type UnitRow = Row<typeof realEstateUnit>;
type RegistrationRow = Row<typeof registration>;
type HolderRow = Row<typeof registrationHolder>;

@Resolver(() => RealEstateUnit)
export class RealEstateUnitResolver extends EntityResolver(RealEstateUnit, 'RealEstateUnit') {
  @Lookup({ by: { unitCode: 'code' }, key: ({ code: v }) => lookupKeys(validKey(validateUnitCode(String(v)))) })
  @Query(() => RealEstateUnit, { nullable: true, description: '按单元号查询不动产单元：A unit by its 28-character unit code.' })
  async unit(@Arg('code', () => String, { description: '不动产单元号 (28-character unit code).' }) code: string, @Ctx() ctx: GraphQLContext): Promise<UnitRow> {
    const row = await ctx.loaders.unitByCode.load(requireValid(validateUnitCode(code)));
    if (!row) throw new NotFoundError('RealEstateUnit');
    return row;
  }

  @Link({ one: true, where: (c, p) => `${c.parcelCode} = ${p.parcelCode}` })
  @FieldResolver(() => LandParcel, { description: '所在宗地 (the parcel).', nullable: true })
  parcel(@Root() u: UnitRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.parcelByCode.load(u.parcelCode);
  }

  @Link({ where: (c, p) => `${c.unitCode} = ${p.unitCode}`, order: (c) => `${c.registeredAt}, ${c.ywh}` })
  @FieldResolver(() => [Registration], { description: '登记：Registrations on this unit, oldest first.' })
  registrations(@Root() u: UnitRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.registrationsByUnit.load(u.unitCode);
  }
}

@Resolver(() => Registration)
export class RegistrationResolver extends EntityResolver(Registration, 'Registration') {
  @Lookup({ by: { ywh: 'ywh' }, key: ({ ywh: v }) => lookupKeys((typeof v === 'string' && /^[0-9A-Za-z-]{1,40}$/.test(v) ? v : null)) })
  @Query(() => Registration, { nullable: true, description: '按业务号查询登记：A registration by its 业务号.' })
  async registration(@Arg('ywh', () => String, { description: '业务号 (registration business number).' }) ywh: string, @Ctx() ctx: GraphQLContext): Promise<RegistrationRow> {
    if (!/^[0-9A-Za-z-]{1,40}$/.test(ywh)) throw new BadUserInputError('ywh must be 1-40 letters, digits or hyphens', { argument: 'ywh' });
    const row = await ctx.loaders.registrationByYwh.load(ywh);
    if (!row) throw new NotFoundError('Registration');
    return row;
  }

  @Link({ one: true, where: (c, p) => `${c.unitCode} = ${p.unitCode}` })
  @FieldResolver(() => RealEstateUnit, { description: '不动产单元 (the unit).', nullable: true })
  unit(@Root() r: RegistrationRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.unitByCode.load(r.unitCode);
  }

  @Link({ where: (c, p) => `${c.ywh} = ${p.ywh}`, order: (c) => c.seq! })
  @FieldResolver(() => [RegistrationHolder], { description: '权利人 (the right holders and their shares).' })
  holders(@Root() r: RegistrationRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.holdersByYwh.load(r.ywh);
  }

  // JavaScript's truthiness of the three columns: an empty name is no mortgage, an amount of 0 is one.
  @Link({ inline: (p) => `(coalesce(${p.mortgageeName}, '') <> '' OR coalesce(${p.mortgageeUscc}, '') <> '' OR ${p.securedAmount} IS NOT NULL)` })
  @FieldResolver(() => Mortgage, { nullable: true, description: '抵押：Set on 抵押登记.' })
  mortgage(@Root() r: RegistrationRow): Mortgage | null {
    return r.mortgageeName || r.mortgageeUscc || r.securedAmount
      ? { mortgageeName: r.mortgageeName, mortgageeUscc: r.mortgageeUscc, securedAmount: r.securedAmount }
      : null;
  }

  @Link({ one: true, where: (c, p) => `${c.ywh} = ${p.cancelsYwh}` })
  @FieldResolver(() => Registration, { nullable: true, description: '被注销的登记：For a cancellation: the registration it cancels.' })
  cancels(@Root() r: RegistrationRow, @Ctx() ctx: GraphQLContext) {
    return r.cancelsYwh ? ctx.loaders.registrationByYwh.load(r.cancelsYwh) : null;
  }

  @Link({ where: (c, p) => `${c.cancelsYwh} = ${p.ywh}`, order: (c) => c.ywh! })
  @FieldResolver(() => [Registration], { description: '注销本登记的登记：Cancellations naming this registration.' })
  cancelledBy(@Root() r: RegistrationRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.registrationsCancelling.load(r.ywh);
  }
}

@Resolver(() => RegistrationHolder)
export class RegistrationHolderResolver {
  @Link({ one: true, where: (c, p) => `${c.uscc} = ${p.holderUscc}` })
  @FieldResolver(() => Enterprise, { description: '权利人企业 (the holding enterprise).', nullable: true })
  enterprise(@Root() h: HolderRow, @Ctx() ctx: GraphQLContext) {
    return h.holderUscc ? ctx.loaders.enterpriseByUscc.load(h.holderUscc) : null;
  }

  @FieldResolver(() => Person, { description: '权利人个人 (the holding person).', nullable: true })
  person(@Root() h: HolderRow, @Ctx() ctx: GraphQLContext) {
    return h.holderPersonHash ? ctx.loaders.personByHash.load(h.holderPersonHash) : null;
  }
}

@Resolver(() => Mortgage)
export class MortgageResolver {
  @Link({ one: true, where: (c, p) => `${c.uscc} = ${p.mortgageeUscc}` })
  @FieldResolver(() => Enterprise, { nullable: true, description: '抵押权人：The mortgagee (a bank), when registered in the graph.' })
  mortgagee(@Root() m: Mortgage, @Ctx() ctx: GraphQLContext) {
    return m.mortgageeUscc ? ctx.loaders.enterpriseByUscc.load(m.mortgageeUscc) : null;
  }
}
