/**
 * views/no-loan.resolver
 *
 * `noLoanList` and `noLoanStats`: the 无贷户名单 of views/no-loan as a Relay connection
 * (the analyst's enterprise filter and order, the list's rule added to the same one
 * statement, keyset cursors) and as grouped statistics (listed now, first loans granted
 * this year, conversion) in one statement. Membership reveals loans: a department that may
 * not read loans in the clear is refused before any SQL. Row scopes apply as on
 * `enterprises`; `minGroupSize` withholds small groups as on the analyst statistics.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Args, ArgsType, Ctx, Field, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { enterprise } from '../../../schema/index.js';
import { rowsOf } from '../../db/rows.js';
import { chinaToday } from '../../domain/china-day.js';
import { noLoanReasons, noLoanSql } from '../../views/no-loan.js';
import { analystEnv, requireClear, type AnalystEnv } from '../analyst/access.js';
import { rootCols } from '../analyst/filter-sql.js';
import { groupDims, groupKeyOf, keyColumns } from '../analyst/grouping.js';
import { inputsOf } from '../analyst/inputs.js';
import { filterInScope, pageOf, type Page, type PageArgs } from '../analyst/page.js';
import { countPage, readPage } from '../analyst/page-read.js';
import { namedClass } from '../analyst/spec.js';
import { allOf, Sql } from '../../db/sql-parts.js';
import { MAX_GROUPS } from '../analyst/stats.resolver.js';
import type { GraphQLContext } from '../context.js';
import { EnterpriseAnalyst } from '../enterprise/enterprise.analyst.js';
import { BadUserInputError } from '../errors.js';
import { Exported } from '../analyst/exported.js';
import { NoLoanConnection, NoLoanStats } from './no-loan.type.js';
import { NoLoanGroupByEnum, noLoanDimensions } from './no-loan.dimensions.js';

const E = '"enterprise"';
type EnterpriseRow = typeof enterprise.$inferSelect;
const inputs = inputsOf(EnterpriseAnalyst);

const ListArgs = namedClass('NoLoanListArgs');
Field(() => Int, { nullable: true, description: '前 n 条，0–100 (0: no edges, only the count and page info). @default 20' })(ListArgs.prototype, 'first');
Field(() => String, { nullable: true, description: '在此游标之后.' })(ListArgs.prototype, 'after');
Field(() => Int, { nullable: true, description: '后 n 条，0–100 (not with `first`).' })(ListArgs.prototype, 'last');
Field(() => String, { nullable: true, description: '在此游标之前.' })(ListArgs.prototype, 'before');
Field(() => inputs.filter as never, { nullable: true, description: '筛选条件 (the enterprises filter: which listed firms).' })(ListArgs.prototype, 'filter');
Field(() => [inputs.order] as never, { nullable: true, description: '排序 (as on `enterprises`). @default by id' })(ListArgs.prototype, 'orderBy');
ArgsType()(ListArgs);

const StatsArgs = namedClass('NoLoanStatsArgs');
Field(() => inputs.filter as never, { nullable: true, description: '筛选条件 (the enterprises filter).' })(StatsArgs.prototype, 'filter');
Field(() => [NoLoanGroupByEnum] as never, { defaultValue: [], description: '分组维度，至多 4 个.' })(StatsArgs.prototype, 'groupBy');
ArgsType()(StatsArgs);

/** Refuses the list to whom loans are not readable in the clear: membership says "no loan". */
function envFor(ctx: GraphQLContext, info: GraphQLResolveInfo, argument: string): AnalystEnv {
  const env = analystEnv(info.schema, ctx.gate, ctx.purpose !== null);
  requireClear(env, 'Loan', 'borrowerUscc', 'Listing firms without a loan needs', argument);
  return env;
}

interface ConnectionValue {
  readonly page: Page;
}

@Resolver()
export class NoLoanResolver {
  @Exported(EnterpriseAnalyst)
  @Query(() => NoLoanConnection, { description: '无贷户名单 (the no-loan list of the 首贷 measure): operating small and micro firms, active in tax, with no loan in the banks’ ledger; each entry says why. Filter and order as on `enterprises`; CSV at /exports/noLoanList.csv.' })
  async noLoanList(@Args(() => ListArgs) a: PageArgs, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const env = envFor(ctx, info, 'noLoanList');
    const list = noLoanSql(ctx.views, E, chinaToday(ctx.now()));
    const page = pageOf(EnterpriseAnalyst, a, env, Sql.text(list.member));
    const read = await readPage<typeof enterprise, EnterpriseRow & { taxStatus__: string | null; lastPaid__: number | null; withdrawn__: number }>(ctx.db, enterprise, page, {
      taxStatus__: Sql.text(list.taxStatus).toDrizzle(), lastPaid__: Sql.text(list.lastPaid).toDrizzle(), withdrawn__: Sql.text(list.withdrawnLoans).toDrizzle(),
    });
    const edges = read.edges.map(({ node: { taxStatus__, lastPaid__, withdrawn__, ...e }, cursor }) => {
      const why = noLoanReasons(ctx.views, { ...e, taxStatus: taxStatus__, lastPaid: lastPaid__ === null ? null : Number(lastPaid__), withdrawnLoans: Number(withdrawn__) });
      const node = {
        uscc: e.uscc, name: e.name, divisionCode: e.divisionCode, industryCode: e.industryCode, marketStatus: e.status,
        registeredCapital: e.registeredCapital === null ? null : Number(e.registeredCapital), taxStatus: taxStatus__,
        withdrawnLoans: Number(withdrawn__), ...why, reason: why.reasons.join('; '), enterprise: e,
      };
      return { node, cursor };
    });
    return { page, edges, pageInfo: read.pageInfo };
  }

  @Query(() => NoLoanStats, { description: '无贷户名单统计 (no-loan list statistics): per group, firms listed now, first loans granted this year and the conversion rate, in one statement.' })
  async noLoanStats(@Args(() => StatsArgs) a: { filter?: Record<string, unknown> | null; groupBy: string[] }, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const env = envFor(ctx, info, 'noLoanStats');
    const today = chinaToday(ctx.now());
    const c = rootCols(EnterpriseAnalyst);
    const dims = groupDims(noLoanDimensions(ctx.views.sizeRule), a.groupBy, env, 'The no-loan list');
    const list = noLoanSql(ctx.views, E, today);
    const keys = keyColumns(dims, c);
    const where = allOf(filterInScope(EnterpriseAnalyst, a.filter, c, env));
    const keyCols = keys.length ? `${keys.join(', ')}, ` : '';
    const by = keys.length ? ` GROUP BY ${keys.map((_k, i) => `k${i}`).join(', ')}` : '';
    const order = keys.length ? ` ORDER BY ${keys.map((_k, i) => `k${i} NULLS LAST`).join(', ')}` : '';
    // Listed firms and this year's first loans as two sets, each in WHERE (PostgreSQL joins the rule's EXISTS clauses), then counted together.
    const since = `${today.slice(0, 4)}-01-01`;
    const query = Sql.of`WITH m AS MATERIALIZED (
        SELECT ${Sql.text(keyCols)}1 AS listed, 0 AS granted FROM enterprise WHERE ${where} AND ${Sql.text(list.member)}
        UNION ALL
        SELECT ${Sql.text(keyCols)}0, 1 FROM enterprise
        WHERE ${where} AND ${Sql.text(E)}.uscc IN (SELECT fl.enterprise_uscc FROM alert fl WHERE fl.kind = 'FIRST_LOAN_GRANTED'
          AND coalesce(fl.fact_on, (fl.created_at AT TIME ZONE 'Asia/Shanghai')::date) >= ${since}::date))
      SELECT ${Sql.text(keys.map((_k, i) => `k${i}, `).join(''))}sum(listed)::int AS listed, sum(granted)::int AS granted
      FROM m${Sql.text(by)}${Sql.text(order)} LIMIT ${Sql.text(String(MAX_GROUPS + 1))}`;
    const rows = rowsOf<Record<string, string | number | null>>(await ctx.db.execute(query.toDrizzle()));
    if (rows.length > MAX_GROUPS) throw new BadUserInputError(`more than ${MAX_GROUPS} groups: group by fewer dimensions or filter`, { argument: 'groupBy', limit: 'groups', max: MAX_GROUPS });
    const min = ctx.policy.minGroupSize(ctx.principal.department);
    const shown = rows.filter((r) => Number(r.listed) + Number(r.granted) >= min);
    const groups = shown.map((r) => {
      const listed = Number(r.listed);
      const granted = Number(r.granted);
      return { key: groupKeyOf(dims, r), listed, firstLoansThisYear: granted, conversionRate: listed + granted ? granted / (listed + granted) : null };
    });
    return { groups, suppressedGroups: rows.length - shown.length };
  }
}

@Resolver(() => NoLoanConnection)
export class NoLoanCountResolver {
  @FieldResolver(() => Int)
  async totalCount(@Root() c: ConnectionValue, @Ctx() ctx: GraphQLContext): Promise<number> {
    return countPage(ctx.db, c.page);
  }
}
