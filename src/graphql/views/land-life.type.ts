/**
 * views/land-life.type
 *
 * 一码管地 and 标准地 as GraphQL: `LandParcel.timeline` (the eight stages in order),
 * `LandParcel.indicators` (亩均税收 against its target), a county's ranking, and the days
 * each stage takes per group of parcels. Tax figures are TAX: a department that may not
 * read them is refused them (the demo grants the land bureau the indicators by override).
 */
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../common/date.scalar.js';
import { DataClass } from '../data-class.js';
import { LandParcel } from '../land/land.type.js';
import { Owned } from '../ownership.js';

export enum StageStatus { DONE = 'DONE', PENDING = 'PENDING', NOT_APPLICABLE = 'NOT_APPLICABLE' }
registerEnumType(StageStatus, {
  name: 'StageStatus',
  description: '阶段状态 (whether a stage happened).',
  valuesConfig: { DONE: { description: '已完成 (an event records it).' }, PENDING: { description: '待办 (not reached yet).' }, NOT_APPLICABLE: { description: '不适用 (no event, but a later stage is done).' } },
});

@Owned({ parent: true })
@DataClass('PROPERTY')
@ObjectType({ description: '一码管地阶段：One of the eight stages of a parcel’s life, in order.' })
export class ParcelStageEntry {
  @Field(() => String, { description: '阶段: PLANNING | SITE_PREAPPROVAL | LAND_USE_APPROVAL | LAND_SUPPLY | PLANNING_PERMIT | CONSTRUCTION_PERMIT | COMPLETION_ACCEPTANCE | REGISTRATION' })
  stage!: string;

  @Field(() => Int, { description: '序号 1–8.' })
  order!: number;

  @Field(() => StageStatus, { description: '状态.' })
  status!: StageStatus;

  @Field(() => DateScalar, { nullable: true, description: '日期 (the stage’s first recorded date).' })
  date!: string | null;

  @Field(() => String, { nullable: true, description: '文号 (the first event’s document number).' })
  docNo!: string | null;

  @Field(() => Int, { nullable: true, description: '距上一阶段天数 (days since the previous done stage; null for the first or without dates).' })
  daysSincePrevious!: number | null;
}

@Owned({ parent: true })
@DataClass('PROPERTY')
@ObjectType({ description: '标准地指标：亩均税收 of an industrial parcel (land use 06…) against its configured target.' })
export class ParcelIndicators {
  @Field(() => Boolean, { description: '工业用地 (land use 06…): only these have a target.' })
  industrial!: boolean;

  @Field(() => Float, { nullable: true, description: '面积, 亩 (1 亩 = 666.67 m²).' })
  areaMu!: number | null;

  @DataClass('TAX')
  @Field(() => Float, { description: '近12个月纳税, 元: by the enterprises holding the parcel (each holder’s whole tax).' })
  taxPaidLast12Months!: number;

  @DataClass('TAX')
  @Field(() => Float, { nullable: true, description: '亩均税收, 万元/亩 (null without an area).' })
  taxPerMu!: number | null;

  @Field(() => Float, { nullable: true, description: '目标, 万元/亩 (configured per county or city and land use; null when none applies).' })
  target!: number | null;

  @DataClass('TAX')
  @Field(() => Boolean, { nullable: true, description: '达标 (null without a target or an area).' })
  meetsTarget!: boolean | null;
}

@Owned({ parcel: 'parcelCode' })
@DataClass('PROPERTY')
@ObjectType({ description: '亩均税收排名中的一块地 (one parcel of a ranking, lowest performers first).' })
export class ParcelRank {
  @Field(() => Int, { description: '名次 (1 = lowest 亩均税收).' })
  rank!: number;

  @Field(() => String, { description: '宗地代码.' })
  parcelCode!: string;

  @Field(() => LandParcel, { description: '宗地.' })
  parcel!: LandParcel;

  @Field(() => ParcelIndicators, { description: '标准地指标.' })
  indicators!: ParcelIndicators;
}

@DataClass('STRUCTURE')
@ObjectType({ description: '阶段用时：How long parcels took to reach one stage from the previous done one.' })
export class StageDuration {
  @DataClass('PROPERTY') @Field(() => String, { description: '阶段.' }) stage!: string;
  @DataClass('PROPERTY') @Field(() => Int, { description: '宗地数 (parcels with this step dated).' }) parcels!: number;
  @DataClass('PROPERTY') @Field(() => Float, { nullable: true, description: '中位天数 (median days).' }) medianDays!: number | null;
  @DataClass('PROPERTY') @Field(() => Float, { nullable: true, description: '平均天数.' }) avgDays!: number | null;
  @DataClass('PROPERTY') @Field(() => Int, { nullable: true, description: '最长天数.' }) maxDays!: number | null;
}
