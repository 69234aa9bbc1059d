/**
 * views/profile.type
 *
 * 企业画像 as GraphQL: `Enterprise.profile`. Each fact carries the class of the data it
 * comes from (tax facts TAX, loans FINANCIAL, penalties CREDIT_PENALTY, land PROPERTY), so
 * a department sees of a profile what it may see of the records behind it; a risk flag or
 * a source's status is a row bound to the class of its fact, as alerts are.
 */
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { RISK_FLAG_CLASSES, STATUS_SOURCE_CLASSES } from '../../views/profile.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';
import { SizeClassEnum } from './no-loan.type.js';

export enum Standing { OPERATING = 'OPERATING', ABNORMAL = 'ABNORMAL', CLOSED = 'CLOSED' }
registerEnumType(Standing, {
  name: 'Standing', description: '经营状态 on one scale: 正常经营 / 异常 / 已关闭.',
  valuesConfig: { OPERATING: { description: '正常经营 (operating).' }, ABNORMAL: { description: '异常 (abnormal, e.g. 非正常户).' }, CLOSED: { description: '已关闭 (closed: revoked, deregistered, moved out).' } },
});
export enum RatingTrend { IMPROVING = 'IMPROVING', STABLE = 'STABLE', DECLINING = 'DECLINING', UNKNOWN = 'UNKNOWN' }
registerEnumType(RatingTrend, {
  name: 'RatingTrend', description: '纳税信用趋势: the latest rating against the one before (UNKNOWN with fewer than two).',
  valuesConfig: { IMPROVING: { description: '上升 (improving).' }, STABLE: { description: '持平 (stable).' }, DECLINING: { description: '下降 (declining).' }, UNKNOWN: { description: '不详 (fewer than two ratings).' } },
});

@Owned({ parent: true }, { by: 'source', classes: STATUS_SOURCE_CLASSES })
@DataClass('PUBLIC_REGISTER')
@ObjectType({ description: '各来源状态：One source’s status of the enterprise.' })
export class ProfileSourceStatus {
  @Field(() => String, { description: '来源: MARKET (登记状态) | TAX (税务登记状态) | LICENSE (营业执照状态).' })
  source!: string;

  @Field(() => String, { description: '状态 (as that source gives it).' })
  status!: string;

  @Field(() => Standing, { nullable: true, description: '统一口径 (the status on one scale; null for a value the hub does not know).' })
  standing!: Standing | null;
}

@Owned({ parent: true }, { by: 'code', classes: RISK_FLAG_CLASSES })
@DataClass('PUBLIC_REGISTER')
@ObjectType({ description: '风险提示：A risk flag and its reason; seen only by who may read the fact behind it.' })
export class RiskFlag {
  @Field(() => String, { description: '风险代码: COURT_DEFAULTER | RECENT_PENALTY | TAX_ARREARS | TAX_RATING_D | ABNORMAL_TAX_STATUS | STATUS_DISAGREEMENT | LICENSES_EXPIRING | NO_VALID_LICENSE' })
  code!: string;

  @Field(() => String, { description: '原因 (why, with the figures).' })
  reason!: string;
}

@Owned({ parent: true })
@DataClass('TAX')
@ObjectType({ description: '年度纳税信用等级.' })
export class RatingPoint {
  @Field(() => Int, { description: '评定年度 (rating year).' }) year!: number;
  @Field(() => String, { description: '等级 A / B / M / C / D.' }) rating!: string;
}

@Owned({ parent: true })
@DataClass('PUBLIC_REGISTER')
@ObjectType({ description: '企业画像 (the enterprise profile): the linked facts a policy cash-out or a credit decision starts from.' })
export class EnterpriseProfile {
  @Field(() => Float, { nullable: true, description: '成立年限 (years since founding, one decimal).' }) ageYears!: number | null;
  @Field(() => Float, { nullable: true, description: '注册资本, 万元.' }) registeredCapital!: number | null;
  @Field(() => String, { nullable: true, description: '注册资本区间 (<100万, 100-500万, 500-1000万, 1000-5000万, ≥5000万).' }) capitalBand!: string | null;
  @Field(() => SizeClassEnum, { description: '企业规模 (the configured rule, as the no-loan list uses it).' }) sizeClass!: string;
  @Field(() => String, { nullable: true, description: '行业代码.' }) industryCode!: string | null;
  @Field(() => String, { nullable: true, description: '行业门类.' }) industrySection!: string | null;
  @Field(() => [ProfileSourceStatus], { description: '各来源状态 (market registration, tax registration, business license).' }) statuses!: ProfileSourceStatus[];
  @DataClass('TAX') @Field(() => Boolean, { description: '各来源状态一致 (false when the sources disagree on whether it operates).' }) statusesAgree!: boolean;
  @Field(() => Int, { description: '有效证照 (valid licenses).' }) validLicenses!: number;
  @Field(() => Int, { description: '即将到期证照 (valid licenses expiring within the configured days).' }) expiringLicenses!: number;
  @DataClass('CREDIT_PENALTY') @Field(() => Int, { description: '近年行政处罚 (penalties decided within the configured years, 3 by default).' }) penaltiesRecent!: number;
  @DataClass('CREDIT_PENALTY') @Field(() => Boolean, { description: '失信被执行人 (on the court defaulters list now).' }) courtDefaulter!: boolean;
  @DataClass('TAX') @Field(() => [RatingPoint], { description: '纳税信用等级历史 (oldest first).' }) taxRatings!: RatingPoint[];
  @DataClass('TAX') @Field(() => RatingTrend, { description: '纳税信用趋势.' }) taxRatingTrend!: RatingTrend;
  @DataClass('TAX') @Field(() => Float, { description: '欠税余额, 元 (unpaid arrears).' }) arrearsOutstanding!: number;
  @DataClass('FINANCIAL') @Field(() => Int, { description: '贷款笔数 (live loans).' }) loanCount!: number;
  @DataClass('FINANCIAL') @Field(() => Float, { description: '贷款总额, 万元.' }) loanTotal!: number;
  @DataClass('FINANCIAL') @Field(() => Boolean, { description: '有首贷 (a live loan flagged 是否首贷 = 是).' }) hasFirstLoan!: boolean;
  @DataClass('PROPERTY') @Field(() => Int, { description: '持有宗地 (parcels held: named on a lifecycle event or a right on a unit).' }) parcelsHeld!: number;
  @DataClass('PROPERTY') @Field(() => Float, { description: '持有土地面积, m².' }) landAreaM2!: number;
  @DataClass('TAX') @Field(() => Float, { description: '近12个月纳税, 元 (the current month and the 11 before it).' }) taxPaidLast12Months!: number;
  @Field(() => [RiskFlag], { description: '风险提示, each with its reason.' }) riskFlags!: RiskFlag[];
}
