/**
 * license/license.resolver
 *
 * License lookup by identifier, and license → holder (an enterprise or a person).
 */
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { license } from '../../../schema/index.js';
import { validateLicenseId } from '../../domain/identifiers/index.js';
import { EntityResolver } from '../common/entity.resolver.js';
import type { GraphQLContext } from '../context.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import { NotFoundError } from '../errors.js';
import { requireValid, validKey } from '../identifier-args.js';
import type { Row } from '../loaders.js';
import { Person } from '../person/person.type.js';
import { License } from './license.type.js';
import { Computed, Link, Lookup, lookupKeys } from '../planner/declare.js';

type LicenseRow = Row<typeof license>;

@Resolver(() => License)
export class LicenseResolver extends EntityResolver(License, 'License') {
  @Lookup({ by: { licenseId: 'id' }, key: ({ id: v }) => lookupKeys(validKey(validateLicenseId(String(v)))) })
  @Query(() => License, { nullable: true, description: '按证照标识查询证照：A license by its 电子证照标识.' })
  async license(@Arg('id', () => String, { description: '证照编号 (e-license id; its MOD 37,36 check is verified).' }) id: string, @Ctx() ctx: GraphQLContext): Promise<LicenseRow> {
    const row = await ctx.loaders.licenseById.load(requireValid(validateLicenseId(id)));
    if (!row) throw new NotFoundError('License');
    return row;
  }

  @Computed((t) => `coalesce(${t.warnings}, '[]'::jsonb)`)
  @FieldResolver(() => [String], { description: '数据提示 (what ingest noticed about this record, e.g. a formula-looking name).' })
  warnings(@Root() l: LicenseRow): string[] {
    return l.warnings ?? [];
  }

  @Link({ one: true, where: (c, p) => `${c.uscc} = ${p.holderUscc}` })
  @FieldResolver(() => Enterprise, { nullable: true, description: '持证企业：The holding enterprise (holderIdType USCC).' })
  holderEnterprise(@Root() l: LicenseRow, @Ctx() ctx: GraphQLContext) {
    return l.holderUscc ? ctx.loaders.enterpriseByUscc.load(l.holderUscc) : null;
  }

  @FieldResolver(() => Person, { nullable: true, description: '持证个人：The holding person (holderIdType ID_CARD).' })
  holderPerson(@Root() l: LicenseRow, @Ctx() ctx: GraphQLContext) {
    return l.holderPersonHash ? ctx.loaders.personByHash.load(l.holderPersonHash) : null;
  }
}
