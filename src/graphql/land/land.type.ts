/**
 * land/land.type
 *
 * 一码管地: a land parcel keyed by its parcel code, its lifecycle events with documents,
 * and investment projects.
 */
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../common/date.scalar.js';
import { Node } from '../common/node.type.js';
import { Provenance } from '../common/provenance.type.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';
import { FederatedBy } from '../federation/keys.js';
import { FromTable } from '../planner/declare.js';
import { landParcel, parcelDocument, parcelEvent, project } from '../../../schema/index.js';

@FederatedBy('parcelCode')
@FromTable(landParcel, { columns: ['parcelCode'] })
@Owned({ division: 'divisionCode' })
@DataClass('PROPERTY')
@ObjectType({ implements: Node, description: '宗地：A land parcel (宗地), keyed by its 19-character parcel code for its whole life.' })
export class LandParcel extends Node {
  @Field(() => String, { description: '宗地代码' })
  parcelCode!: string;

  @Field(() => String, { description: '行政区划代码 (GB/T 2260 county code of the parcel, from its code).' })
  divisionCode!: string;

  @Field(() => String, { description: '坐落 (location).', nullable: true })
  location!: string | null;

  @Field(() => Float, { description: '宗地面积 (area, m²).', nullable: true })
  areaM2!: string | null;

  @Field(() => String, { nullable: true, description: '土地用途代码：GB/T 21010 land-use code.' })
  landUse!: string | null;

  @Field(() => String, { description: '土地用途名称 (land-use name, e.g. 工业用地).', nullable: true })
  landUseName!: string | null;

  @Field(() => String, { nullable: true, description: '出让 / 划拨 / 集体' })
  rightType!: string | null;

  @Field(() => String, { description: '所有权：G 国有 / J 集体 / Z 争议 (from the code).' })
  ownership!: string;

  @Field(() => Date, { nullable: true, description: '来源更新时间：When the land system last changed it.' })
  sourceUpdatedAt!: Date | null;

  @Field(() => Provenance, { description: '来源 (where this parcel came from).' })
  provenance!: Provenance;
}

@FromTable(parcelDocument)
@Owned({ parent: true })
@DataClass('PROPERTY')
@ObjectType({ description: '要件：A document issued at a lifecycle stage.' })
export class ParcelDocument {
  @Field(() => String, { description: '出让合同, 建设用地规划许可证, …' })
  kind!: string;

  @Field(() => String, { description: '文号 (document number).' })
  docNo!: string;
}

@FromTable(parcelEvent, { columns: ['eventId'] })
@Owned({ parcel: 'parcelCode' })
@DataClass('PROPERTY')
@ObjectType({ implements: Node, description: '地块事件：One stage of a parcel’s life, from planning to registration.' })
export class ParcelEvent extends Node {
  @Field(() => Int, { description: '事件 ID (event id in the land system).' })
  eventId!: number;

  @Field(() => String, { description: '宗地代码 (the parcel’s 19-character code).' })
  parcelCode!: string;

  @Field(() => String, { description: '阶段：PLANNING … REGISTRATION' })
  stage!: string;

  @Field(() => String, { description: '文号 (document number of the decision or permit).', nullable: true })
  docNo!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '发生日期 (date it happened).' })
  occurredOn!: string | null;

  @Field(() => String, { description: '相关企业统一社会信用代码 (USCC of the enterprise named on the event).', nullable: true })
  enterpriseUscc!: string | null;

  @Field(() => String, { description: '项目代码 (investment project code named on the event).', nullable: true })
  projectCode!: string | null;

  @Field(() => Provenance, { description: '来源 (where this event came from).' })
  provenance!: Provenance;
}

@FederatedBy('projectCode')
@FromTable(project, { columns: ['projectCode'] })
@Owned({ division: 'divisionCode' })
@DataClass('PUBLIC_REGISTER')
@ObjectType({ implements: Node, description: '投资项目：An investment project (投资项目), legacy or GB/T 40058 code.' })
export class Project extends Node {
  @Field(() => String, { description: '项目代码 (investment project code).' })
  projectCode!: string;

  @Field(() => String, { description: '代码体系：legacy | gb40058' })
  scheme!: string;

  @Field(() => String, { description: '行政区划代码 (division of the project, from its code).' })
  divisionCode!: string;

  @Field(() => Int, { description: '立项年份 (year, from the code).' })
  year!: number;

  @Field(() => String, { description: '行业代码 (sector code, from the code).' })
  sectorCode!: string;

  @Field(() => String, { description: '项目类型代码 (project type code, from the code).' })
  typeCode!: string;

  @Field(() => Provenance, { description: '来源 (where this project came from).' })
  provenance!: Provenance;
}
