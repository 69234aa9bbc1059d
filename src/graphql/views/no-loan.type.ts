/**
 * views/no-loan.type
 *
 * 无贷户名单 as GraphQL: an entry of the no-loan list (the enterprise, its size class and
 * why it qualifies), its page, and the list's grouped statistics. Membership says the
 * firm has no loan, so the entry's own facts are FINANCIAL (its tax facts TAX); the list
 * is refused to a department that may not read loans in the clear (no-loan.resolver).
 */
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SIZE_CLASSES } from '../../views/size-class.js';
import { PageInfo } from '../common/connection.js';
import { DataClass } from '../data-class.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import { Owned } from '../ownership.js';

export const SizeClassEnum = Object.fromEntries(SIZE_CLASSES.map((k) => [k, k])) as Record<(typeof SIZE_CLASSES)[number], string>;
registerEnumType(SizeClassEnum, {
  name: 'SizeClass',
  description: '企业规模 (size class by the configured rule: registered capital per industry; see README "Reform views").',
  valuesConfig: { MICRO: { description: '微型' }, SMALL: { description: '小型' }, MEDIUM_LARGE: { description: '中型及以上' }, UNKNOWN: { description: '注册资本不详 (capital unknown)' } },
});

@Owned({ division: 'divisionCode' })
@DataClass('FINANCIAL')
@ObjectType({ description: '无贷户名单条目：An enterprise on the no-loan list, and why it qualifies.' })
export class NoLoanEntry {
  @DataClass('PUBLIC_REGISTER')
  @Field(() => String, { description: '统一社会信用代码.' })
  uscc!: string;

  @DataClass('PUBLIC_REGISTER')
  @Field(() => String, { description: '企业名称.' })
  name!: string;

  @DataClass('PUBLIC_REGISTER')
  @Field(() => String, { nullable: true, description: '行政区划代码 (the registration’s division).' })
  divisionCode!: string | null;

  @DataClass('PUBLIC_REGISTER')
  @Field(() => String, { nullable: true, description: '行业代码 (GB/T 4754).' })
  industryCode!: string | null;

  @DataClass('PUBLIC_REGISTER')
  @Field(() => Float, { nullable: true, description: '注册资本, 万元.' })
  registeredCapital!: number | null;

  @DataClass('PUBLIC_REGISTER')
  @Field(() => String, { description: '登记状态 (market status).' })
  marketStatus!: string;

  @Field(() => SizeClassEnum, { description: '企业规模 (MICRO or SMALL on this list).' })
  sizeClass!: string;

  @DataClass('TAX')
  @Field(() => String, { nullable: true, description: '纳税状态 (tax registration status).' })
  taxStatus!: string | null;

  @DataClass('TAX')
  @Field(() => String, { nullable: true, description: '最近纳税月份 (latest month with a tax payment, yyyy-mm).' })
  lastTaxPaymentMonth!: string | null;

  @Field(() => Int, { description: '已撤回的贷款 (withdrawn loans, which do not count).' })
  withdrawnLoans!: number;

  @Field(() => [String], { description: '入选理由 (why it qualifies, one sentence per criterion).' })
  reasons!: string[];

  @Field(() => String, { description: '入选理由 (the reasons in one line, for the CSV export).' })
  reason!: string;

  @Field(() => Enterprise, { description: '企业 (the enterprise, to explore from).' })
  enterprise!: Enterprise;
}

@DataClass('STRUCTURE')
@ObjectType({ description: '无贷户名单中的一条 (one entry of a page).' })
export class NoLoanEdge {
  @Field(() => NoLoanEntry, { description: '名单条目.' })
  node!: NoLoanEntry;

  @Field(() => String, { description: '游标 (pass it as `after` or `before`).' })
  cursor!: string;
}

@DataClass('STRUCTURE')
@ObjectType({ description: '无贷户名单分页 (a page of the no-loan list, Relay connection).' })
export class NoLoanConnection {
  @Field(() => [NoLoanEdge], { description: '本页.' })
  edges!: NoLoanEdge[];

  @Field(() => PageInfo, { description: '翻页信息.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: '名单总数 (entries matching across all pages; counted only when asked for).' })
  totalCount!: number;
}

@DataClass('STRUCTURE')
@ObjectType({ description: '无贷户名单分组取值 (the values that form one group).' })
export class NoLoanGroupKey {
  @DataClass('PUBLIC_REGISTER') @Field(() => String, { nullable: true, description: '省.' }) province!: string | null;
  @DataClass('PUBLIC_REGISTER') @Field(() => String, { nullable: true, description: '省名称.' }) provinceName!: string | null;
  @DataClass('PUBLIC_REGISTER') @Field(() => String, { nullable: true, description: '市.' }) city!: string | null;
  @DataClass('PUBLIC_REGISTER') @Field(() => String, { nullable: true, description: '市名称.' }) cityName!: string | null;
  @DataClass('PUBLIC_REGISTER') @Field(() => String, { nullable: true, description: '区县.' }) county!: string | null;
  @DataClass('PUBLIC_REGISTER') @Field(() => String, { nullable: true, description: '区县名称.' }) countyName!: string | null;
  @DataClass('PUBLIC_REGISTER') @Field(() => String, { nullable: true, description: '行业门类 (GB/T 4754 section letter).' }) industrySection!: string | null;
  @DataClass('FINANCIAL') @Field(() => SizeClassEnum, { nullable: true, description: '企业规模.' }) sizeClass!: string | null;
}

@DataClass('STRUCTURE')
@ObjectType({ description: '无贷户名单的一个分组 (one group: listed now, first loans this year, conversion).' })
export class NoLoanGroup {
  @Field(() => NoLoanGroupKey, { description: '分组取值.' })
  key!: NoLoanGroupKey;

  @DataClass('FINANCIAL')
  @Field(() => Int, { description: '在列 (enterprises on the list now).' })
  listed!: number;

  @DataClass('FINANCIAL')
  @Field(() => Int, { description: '本年首贷 (listed enterprises that got their first loan this year: FIRST_LOAN_GRANTED alerts, by disbursement date).' })
  firstLoansThisYear!: number;

  @DataClass('FINANCIAL')
  @Field(() => Float, { nullable: true, description: '转化率 (firstLoansThisYear / (listed + firstLoansThisYear); null for an empty group).' })
  conversionRate!: number | null;
}

@DataClass('STRUCTURE')
@ObjectType({ description: '无贷户名单统计 (no-loan list statistics).' })
export class NoLoanStats {
  @Field(() => [NoLoanGroup], { description: '各分组.' })
  groups!: NoLoanGroup[];

  @Field(() => Int, { description: '因少于本部门最小分组规模而未列出的分组数 (groups withheld).' })
  suppressedGroups!: number;
}
