/**
 * credit/credit.resolver
 *
 * Credit record and loan → the enterprise they concern.
 */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { creditRecord, loan } from '../../../schema/index.js';
import { EntityResolver } from '../common/entity.resolver.js';
import type { GraphQLContext } from '../context.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import type { Row } from '../loaders.js';
import { CreditRecord, Loan } from './credit.type.js';

@Resolver(() => CreditRecord)
export class CreditRecordResolver extends EntityResolver(CreditRecord, 'CreditRecord') {
  @FieldResolver(() => Enterprise, { nullable: true })
  enterprise(@Root() r: Row<typeof creditRecord>, @Ctx() ctx: GraphQLContext) {
    return r.uscc ? ctx.loaders.enterpriseByUscc.load(r.uscc) : null;
  }
}

@Resolver(() => Loan)
export class LoanResolver extends EntityResolver(Loan, 'Loan') {
  @FieldResolver(() => Enterprise, { nullable: true })
  borrower(@Root() l: Row<typeof loan>, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.enterpriseByUscc.load(l.borrowerUscc);
  }
}
