/**
 * tax/tax.resolver
 *
 * Taxpayer lookup and its ratings, arrears, payments and enterprise.
 */
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { taxpayer } from '../../../schema/index.js';
import { EntityResolver } from '../common/entity.resolver.js';
import type { GraphQLContext } from '../context.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import { BadUserInputError, NotFoundError } from '../errors.js';
import type { Row } from '../loaders.js';
import { TaxArrear, TaxPayment, TaxProfile, TaxRating } from './tax.type.js';
import { Link, Lookup, lookupKeys } from '../planner/declare.js';
import { personInTin, tinPseudonym, TIN_PSEUDONYM } from '../../domain/identifiers/index.js';

type TaxpayerRow = Row<typeof taxpayer>;

/** A TIN as stored (a code, or a person's pseudonym), or null for one no taxpayer can have. */
function storedTin(tin: string): string | null {
  const v = tin.trim().toUpperCase();
  return /^[0-9A-Z]{15,20}$/.test(v) || TIN_PSEUDONYM.test(v) ? v : null;
}

@Resolver(() => TaxProfile)
export class TaxProfileResolver extends EntityResolver(TaxProfile, 'TaxProfile') {
  // A TIN holding a person's ID number is hashed by the resolver (the key is the hub's): the planner leaves it to it.
  @Lookup({ by: { tin: 'tin' }, key: ({ tin: v }) => lookupKeys(typeof v === 'string' && !personInTin(v) ? storedTin(v) : null) })
  @Query(() => TaxProfile, {
    nullable: true,
    description: '按纳税人识别号查询纳税人：A taxpayer by 纳税人识别号 (15, 17, 18 or 20 characters), or by the `P-…` pseudonym the hub serves for a person’s.',
  })
  async taxpayer(@Arg('tin', () => String, { description: '纳税人识别号 (taxpayer identification number; a person’s ID number is hashed, never kept).' }) tin: string, @Ctx() ctx: GraphQLContext): Promise<TaxpayerRow> {
    const person = personInTin(tin);
    const v = person ? tinPseudonym(ctx.hashPerson(person.idNumber), person.suffix) : storedTin(tin);
    if (v === null) throw new BadUserInputError('tin must be 15-20 letters or digits, or a P- pseudonym', { argument: 'tin' });
    const row = await ctx.loaders.taxpayerByTin.load(v);
    if (!row) throw new NotFoundError('TaxProfile');
    return row;
  }

  @Link({ where: (c, p) => `${c.tin} = ${p.tin}`, order: (c) => c.year! })
  @FieldResolver(() => [TaxRating], { description: '纳税信用等级：Ratings, oldest year first.' })
  ratings(@Root() t: TaxpayerRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.ratingsByTin.load(t.tin);
  }

  @Link({ where: (c, p, args) => `${c.tin} = ${p.tin}${args.unpaidOnly ? ` AND ${c.status} = '未缴'` : ''}`, order: (c) => `${c.since}, ${c.id}` })
  @FieldResolver(() => [TaxArrear], { description: '欠税 (arrears by tax item).' })
  async arrears(@Root() t: TaxpayerRow, @Ctx() ctx: GraphQLContext, @Arg('unpaidOnly', () => Boolean, { description: '只看未缴 (only those still unpaid, 未缴). @default false', defaultValue: false }) unpaidOnly: boolean) {
    const rows = await ctx.loaders.arrearsByTin.load(t.tin);
    return unpaidOnly ? rows.filter((r) => r.status === '未缴') : rows;
  }

  @Link({ where: (c, p) => `${c.tin} = ${p.tin}`, order: (c) => `${c.year}, ${c.month}, ${c.taxItem}` })
  @FieldResolver(() => [TaxPayment], { description: '税款入库 (tax paid by month and item).' })
  payments(@Root() t: TaxpayerRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.paymentsByTin.load(t.tin);
  }

  @Link({ one: true, where: (c, p) => `${c.uscc} = ${p.uscc}` })
  @FieldResolver(() => Enterprise, { description: '对应企业 (the enterprise: its USCC is the TIN).', nullable: true })
  enterprise(@Root() t: TaxpayerRow, @Ctx() ctx: GraphQLContext) {
    return t.uscc ? ctx.loaders.enterpriseByUscc.load(t.uscc) : null;
  }
}
