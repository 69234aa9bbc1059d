/**
 * views/support-policy.resolver
 *
 * 免申即享: `supportPolicies`, `supportPolicy`, `policyMatches` (the enterprises meeting a
 * policy's current version, a keyset connection in one statement), `Enterprise.eligiblePolicies`
 * (one statement per batch of enterprises, over the policies in force), and the mutations
 * that create, change and withdraw policies (support/store). A criterion is compiled
 * under the caller's policy: filtering on what a department may not read is refused for
 * its author, and a reader lists matches only of criteria it could have written itself.
 */
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { enterprise } from '../../../schema/index.js';
import { rowsOf } from '../../db/rows.js';
import { Sql } from '../../db/sql-parts.js';
import { chinaToday } from '../../domain/china-day.js';
import { policyMatchSql } from '../../alerts/policy.rules.js';
import { checkParams, ParamError } from '../../support/params.js';
import { createPolicy, getPolicy, listPolicies, updatePolicy, versionsOfMany, withdrawPolicy, SupportPolicyNotFound, type PolicyRow, type VersionRow } from '../../support/store.js';
import { analystEnv } from '../analyst/access.js';
import { pageOf, type Page } from '../analyst/page.js';
import { countPage, readPage } from '../analyst/page-read.js';
import type { GraphQLContext } from '../context.js';
import { EnterpriseAnalyst } from '../enterprise/enterprise.analyst.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import { BadUserInputError, HubError, NotFoundError } from '../errors.js';
import { viewLoader } from '../loaders.js';
import { compileCriteria } from './criteria.js';
import { PolicyEligibility, PolicyMatchConnection, SupportPolicy, SupportPolicyChange, SupportPolicyInput, SupportPolicyPatch } from './support-policy.type.js';

@ArgsType()
class MatchArgs {
  @Field(() => Int, { description: '政策 ID.' }) policyId!: number;
  @Field(() => Int, { nullable: true, description: '前 n 条，0–100 (0: no edges, only the count and page info). @default 20' }) first?: number | null;
  @Field(() => String, { nullable: true, description: '在此游标之后.' }) after?: string | null;
  @Field(() => Int, { nullable: true, description: '后 n 条，0–100 (not with `first`).' }) last?: number | null;
  @Field(() => String, { nullable: true, description: '在此游标之前.' }) before?: string | null;
}

const isActive = (p: PolicyRow, today: string) => !p.withdrawn && (!p.validFrom || p.validFrom <= today) && (!p.validTo || p.validTo >= today);
const envOf = (ctx: GraphQLContext, info: GraphQLResolveInfo) => analystEnv(info.schema, ctx.gate, ctx.purpose !== null);

function checkFields(f: { title?: string | null; issuer?: string | null; validFrom?: string | null; validTo?: string | null }): void {
  if (f.title !== undefined && f.title !== null && !/^\S.{0,199}$/su.test(f.title.trim())) throw new BadUserInputError('title must be 1-200 characters', { argument: 'title' });
  if (f.issuer !== undefined && f.issuer !== null && !/^\S.{0,99}$/su.test(f.issuer.trim())) throw new BadUserInputError('issuer must be 1-100 characters', { argument: 'issuer' });
  if (f.validFrom && f.validTo && f.validFrom > f.validTo) throw new BadUserInputError('validFrom is after validTo', { argument: 'validTo' });
}

function checkedParams(params: Record<string, unknown> | null | undefined): Record<string, unknown> {
  try {
    checkParams(params ?? {});
  } catch (e) {
    if (e instanceof ParamError) throw new BadUserInputError(e.message, { argument: 'params' });
    throw e;
  }
  return params ?? {};
}

async function found<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof SupportPolicyNotFound) throw new NotFoundError('SupportPolicy');
    throw e;
  }
}

const ELIGIBILITY = Symbol('eligible support policies');
const VERSIONS = Symbol('support policy versions');

@Resolver(() => SupportPolicy)
export class SupportPolicyResolver {
  @Query(() => [SupportPolicy], { description: '惠企政策 (support policies, oldest first; withdrawn ones only when asked).' })
  async supportPolicies(@Ctx() ctx: GraphQLContext, @Arg('includeWithdrawn', () => Boolean, { defaultValue: false, description: '含已撤回.' }) includeWithdrawn: boolean) {
    return (await listPolicies(ctx.db)).filter((p) => includeWithdrawn || !p.withdrawn);
  }

  @Query(() => SupportPolicy, { description: '按 ID 查询惠企政策.' })
  async supportPolicy(@Arg('id', () => Int, { description: '政策 ID.' }) id: number, @Ctx() ctx: GraphQLContext) {
    const p = await getPolicy(ctx.db, id);
    if (!p) throw new NotFoundError('SupportPolicy');
    return p;
  }

  @Query(() => PolicyMatchConnection, { description: '符合政策的企业 (enterprises meeting a policy’s current criterion now; the criterion is evaluated under your own policy).' })
  async policyMatches(@Args(() => MatchArgs) a: MatchArgs, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const policy = await getPolicy(ctx.db, a.policyId);
    if (!policy) throw new NotFoundError('SupportPolicy');
    const env = envOf(ctx, info);
    const page = pageOf(EnterpriseAnalyst, a, env, compileCriteria(info.schema, env, policy.criteria, policy.params));
    return { page, policy, version: policy.currentVersion, ...(await readPage(ctx.db, enterprise, page)) };
  }

  @Mutation(() => SupportPolicyChange, { description: '新建惠企政策 (creates a support policy; enterprises meeting it now are announced at once, POLICY_ELIGIBLE).' })
  async createSupportPolicy(@Arg('input', () => SupportPolicyInput, { description: '政策.' }) input: SupportPolicyInput, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    checkFields(input);
    const params = checkedParams(input.params);
    const compiled = compileCriteria(info.schema, envOf(ctx, info), input.criteria, params).toParts();
    return createPolicy(ctx.db, { title: input.title.trim(), issuer: input.issuer.trim(), validFrom: input.validFrom ?? null, validTo: input.validTo ?? null },
      { criteria: input.criteria, params, compiled }, ctx.principal.id, ctx.now());
  }

  @Mutation(() => SupportPolicyChange, { description: '修改惠企政策 (a new criterion or parameters make a new version, whose eligible enterprises are announced).' })
  async updateSupportPolicy(@Arg('id', () => Int, { description: '政策 ID.' }) id: number, @Arg('patch', () => SupportPolicyPatch, { description: '修改内容.' }) patch: SupportPolicyPatch, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    checkFields(patch);
    const current = await getPolicy(ctx.db, id);
    if (!current) throw new NotFoundError('SupportPolicy');
    const criterionChanged = (patch.criteria ?? null) !== null || (patch.params ?? null) !== null;
    const criteria = patch.criteria ?? current.criteria;
    const params = checkedParams(patch.params ?? current.params);
    const c = criterionChanged ? { criteria, params, compiled: compileCriteria(info.schema, envOf(ctx, info), criteria, params).toParts() } : null;
    const fields = Object.fromEntries(Object.entries({ title: patch.title?.trim(), issuer: patch.issuer?.trim(), validFrom: patch.validFrom, validTo: patch.validTo }).filter(([, v]) => v !== undefined && v !== null));
    checkFields({ validFrom: (fields.validFrom as string | undefined) ?? current.validFrom, validTo: (fields.validTo as string | undefined) ?? current.validTo });
    return found(() => updatePolicy(ctx.db, id, fields, c, ctx.principal.id, ctx.now()));
  }

  @Mutation(() => SupportPolicy, { description: '撤回惠企政策 (no further matches are announced; the policy and its versions stay on record).' })
  async withdrawSupportPolicy(@Arg('id', () => Int, { description: '政策 ID.' }) id: number, @Ctx() ctx: GraphQLContext) {
    return found(() => withdrawPolicy(ctx.db, id, ctx.principal.id, ctx.now()));
  }

  @FieldResolver(() => Int)
  version(@Root() p: PolicyRow) {
    return p.currentVersion;
  }

  @FieldResolver(() => Boolean)
  active(@Root() p: PolicyRow, @Ctx() ctx: GraphQLContext) {
    return isActive(p, chinaToday(ctx.now()));
  }

  @FieldResolver()
  versions(@Root() p: PolicyRow, @Ctx() ctx: GraphQLContext) {
    const versions = viewLoader(ctx.loaders, VERSIONS, () => new DataLoader<number, VersionRow[]>(async (ids) => {
      const by = await versionsOfMany(ctx.db, ids);
      return ids.map((id) => by.get(id) ?? []);
    }));
    return versions.load(p.id);
  }
}

@Resolver(() => PolicyMatchConnection)
export class PolicyMatchCountResolver {
  @FieldResolver(() => Int)
  async totalCount(@Root() c: { page: Page }, @Ctx() ctx: GraphQLContext): Promise<number> {
    return countPage(ctx.db, c.page);
  }
}

@Resolver(() => Enterprise)
export class EligiblePoliciesResolver {
  @FieldResolver(() => [PolicyEligibility], { description: '可享政策 (support policies in force this enterprise meets now; criteria you may not evaluate under your policy are left out).' })
  eligiblePolicies(@Root() e: typeof enterprise.$inferSelect, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    if (!e.uscc) return [];
    const eligible = viewLoader(ctx.loaders, ELIGIBILITY, () => {
      const env = envOf(ctx, info);
      const today = chinaToday(ctx.now());
      return new DataLoader<string, { policy: PolicyRow; version: number }[]>(async (usccs) => {
        const policies = (await listPolicies(ctx.db)).filter((p) => isActive(p, today));
        const pieces: Sql[] = [];
        for (const p of policies) {
          let criterion: Sql;
          try {
            criterion = compileCriteria(info.schema, env, p.criteria, p.params);
          } catch (err) {
            if (err instanceof HubError) continue;
            throw err;
          }
          pieces.push(policyMatchSql({ id: p.id, version: p.currentVersion }, criterion, usccs));
        }
        const rows = pieces.length ? rowsOf<{ policy: number; uscc: string }>(await ctx.db.execute(Sql.join(pieces, ' UNION ALL ').toDrizzle())) : [];
        const byId = new Map(policies.map((p) => [p.id, p]));
        const byFirm = new Map<string, { policy: PolicyRow; version: number }[]>();
        for (const r of rows) {
          const policy = byId.get(Number(r.policy))!;
          byFirm.set(r.uscc, [...(byFirm.get(r.uscc) ?? []), { policy, version: policy.currentVersion }]);
        }
        return usccs.map((u) => byFirm.get(u) ?? []);
      }, { maxBatchSize: 1000 });
    });
    return eligible.load(e.uscc);
  }
}
