/**
 * person/person.resolver
 *
 * Look a person up by ID number (hashed with the hub's key, never stored or logged in
 * clear here) and follow their links: enterprises represented, licenses held.
 */
import { Arg, Ctx, Directive, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { person } from '../../../schema/index.js';
import { validateResidentId } from '../../domain/identifiers/index.js';
import { EntityResolver } from '../common/entity.resolver.js';
import type { GraphQLContext } from '../context.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import { NotFoundError } from '../errors.js';
import { requireValid } from '../identifier-args.js';
import { License } from '../license/license.type.js';
import type { Row } from '../loaders.js';
import { Person } from './person.type.js';
import { Registration } from '../realestate/realestate.type.js';
import { ArgClasses } from '../data-class.js';

type PersonRow = Row<typeof person>;

@Resolver(() => Person)
export class PersonResolver extends EntityResolver(Person, 'Person') {
  @ArgClasses({ idNumber: 'PERSON_ID' })
  @Directive('@inaccessible')
  @Query(() => Person, { nullable: true, description: '按身份证号查询个人：A person by resident ID number.' })
  async person(@Arg('idNumber', () => String, { description: '公民身份号码 (resident ID number; never stored, only its keyed hash).' }) idNumber: string, @Ctx() ctx: GraphQLContext): Promise<PersonRow> {
    const row = await ctx.loaders.personByHash.load(ctx.hashPerson(requireValid(validateResidentId(idNumber))));
    if (!row) throw new NotFoundError('Person');
    return row;
  }

  @FieldResolver(() => [Enterprise], { description: '担任法定代表人的企业：Enterprises this person is the legal representative of.' })
  representedEnterprises(@Root() p: PersonRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.enterprisesByLegalRep.load(p.personHash);
  }

  @FieldResolver(() => [License], { description: '个人证照 (licenses held by this person).' })
  licenses(@Root() p: PersonRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.licensesByHolderPerson.load(p.personHash);
  }

  @FieldResolver(() => [Registration], { description: '作为权利人的登记：Registrations on which this person is a right holder.' })
  async registrations(@Root() p: PersonRow, @Ctx() ctx: GraphQLContext) {
    const holdings = await ctx.loaders.holdingsByPerson.load(p.personHash);
    return (await ctx.loaders.registrationByYwh.loadMany([...new Set(holdings.map((h) => h.ywh))])).filter((r) => r && !(r instanceof Error));
  }
}
