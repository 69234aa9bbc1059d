/**
 * credit/credit.resolver
 *
 * Credit record and loan → the enterprise they concern.
 */
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { CREDIT_KINDS } from '../../domain/records.js';
import { BadUserInputError, NotFoundError } from '../errors.js';
import type { creditRecord, loan } from '../../../schema/index.js';
import { EntityResolver } from '../common/entity.resolver.js';
import type { GraphQLContext } from '../context.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import type { Row } from '../loaders.js';
import { CreditRecord, Loan } from './credit.type.js';
import { Computed, Link, Lookup } from '../planner/declare.js';

@Resolver(() => CreditRecord)
export class CreditRecordResolver extends EntityResolver(CreditRecord, 'CreditRecord') {
  @Lookup({
    by: { kind: 'kind', docNo: 'docNo' },
    key: ({ kind, docNo }) => ((CREDIT_KINDS as readonly string[]).includes(kind) && docNo.length >= 1 && docNo.length <= 200 ? [kind, docNo.trim()] : null),
  })
  @Query(() => CreditRecord, { nullable: true, description: '按文书号查询信用记录：A credit record by kind (LICENSING | PENALTY | DEFAULTER) and 决定文书号 / 案号.' })
  async creditRecord(@Arg('kind', () => String, { description: '类别 (LICENSING, PENALTY or DEFAULTER).' }) kind: string, @Arg('docNo', () => String, { description: '决定文书号 (the record’s document number).' }) docNo: string, @Ctx() ctx: GraphQLContext) {
    if (!(CREDIT_KINDS as readonly string[]).includes(kind)) throw new BadUserInputError(`kind must be one of ${CREDIT_KINDS.join(', ')}`, { argument: 'kind' });
    if (docNo.length < 1 || docNo.length > 200) throw new BadUserInputError('docNo must be 1-200 characters', { argument: 'docNo' });
    const row = await ctx.loaders.creditRecordByKey.load(`${kind}|${docNo.trim()}`);
    if (!row) throw new NotFoundError('CreditRecord');
    return row;
  }

  @Computed((t) => `coalesce(${t.warnings}, '[]'::jsonb)`)
  @FieldResolver(() => [String])
  warnings(@Root() r: Row<typeof creditRecord>): string[] {
    return r.warnings ?? [];
  }

  @Link({ one: true, where: (c, p) => `${c.uscc} = ${p.uscc}` })
  @FieldResolver(() => Enterprise, { description: '所涉企业 (the enterprise the record concerns).', nullable: true })
  enterprise(@Root() r: Row<typeof creditRecord>, @Ctx() ctx: GraphQLContext) {
    return r.uscc ? ctx.loaders.enterpriseByUscc.load(r.uscc) : null;
  }
}

@Resolver(() => Loan)
export class LoanResolver extends EntityResolver(Loan, 'Loan') {
  @Lookup({
    by: { lenderCode: 'lenderCode', contractNo: 'contractNo' },
    key: ({ lenderCode, contractNo }) => (lenderCode && contractNo && lenderCode.length <= 64 && contractNo.length <= 200 ? [lenderCode.trim(), contractNo.trim()] : null),
  })
  @Query(() => Loan, { nullable: true, description: '按合同查询贷款：A loan by the lender’s code and the contract number.' })
  async loan(@Arg('lenderCode', () => String, { description: '贷款机构代码 (lender code).' }) lenderCode: string, @Arg('contractNo', () => String, { description: '合同编号 (contract number).' }) contractNo: string, @Ctx() ctx: GraphQLContext) {
    if (lenderCode.length > 64 || contractNo.length > 200 || !lenderCode || !contractNo) {
      throw new BadUserInputError('lenderCode (≤ 64) and contractNo (≤ 200) are required', { argument: 'contractNo' });
    }
    const row = await ctx.loaders.loanByKey.load(`${lenderCode.trim()}|${contractNo.trim()}`);
    if (!row) throw new NotFoundError('Loan');
    return row;
  }

  @Computed((t) => `coalesce(${t.warnings}, '[]'::jsonb)`)
  @FieldResolver(() => [String])
  warnings(@Root() l: Row<typeof loan>): string[] {
    return l.warnings ?? [];
  }

  @Link({ one: true, where: (c, p) => `${c.uscc} = ${p.borrowerUscc}` })
  @FieldResolver(() => Enterprise, { description: '借款企业 (the borrowing enterprise).', nullable: true })
  borrower(@Root() l: Row<typeof loan>, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.enterpriseByUscc.load(l.borrowerUscc);
  }
}
