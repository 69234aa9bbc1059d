/**
 * common/node.resolver
 *
 * `node(id)`: any entity by its global ID, through the same loaders as its own lookup.
 */
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { fromGlobalId } from '../global-id.js';
import { Node } from './node.type.js';

type Load = (ctx: GraphQLContext, key: string) => Promise<object | null>;

const LOADERS: Record<string, Load> = {
  Enterprise: (c, k) => (k.startsWith('REG:') ? c.loaders.enterpriseByRegNo.load(k.slice(4)) : c.loaders.enterpriseByUscc.load(k)),
  Person: (c, k) => c.loaders.personByHash.load(k),
  LandParcel: (c, k) => c.loaders.parcelByCode.load(k),
  ParcelEvent: (c, k) => (/^\d{1,15}$/.test(k) ? c.loaders.parcelEventById.load(k) : Promise.resolve(null)),
  Project: (c, k) => c.loaders.projectByCode.load(k),
  RealEstateUnit: (c, k) => c.loaders.unitByCode.load(k),
  Registration: (c, k) => c.loaders.registrationByYwh.load(k),
  License: (c, k) => c.loaders.licenseById.load(k),
  TaxProfile: (c, k) => c.loaders.taxpayerByTin.load(k),
  CreditRecord: (c, k) => (k.includes('|') ? c.loaders.creditRecordByKey.load(k) : Promise.resolve(null)),
  Loan: (c, k) => (k.includes('|') ? c.loaders.loanByKey.load(k) : Promise.resolve(null)),
};

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: '按全局 ID 查询：Any entity by its global ID. INVALID_ID for a malformed ID, NOT_FOUND for an unknown one.' })
  async node(@Arg('id', () => ID, { description: '全局 ID (a global ID from any entity’s `id`).' }) id: string, @Ctx() ctx: GraphQLContext): Promise<object> {
    const { type, key } = fromGlobalId(id);
    const load = LOADERS[type];
    const row = load ? await load(ctx, key) : null;
    if (!row) throw new NotFoundError(load ? type : 'entity');
    return { ...row, __typename: type };
  }
}
