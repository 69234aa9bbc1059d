/**
 * land/land.type
 *
 * 一码管地: a land parcel keyed by its parcel code, its lifecycle events with documents,
 * and investment projects.
 */
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Node } from '../common/node.type.js';
import { Provenance } from '../common/provenance.type.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';
import { FromTable } from '../planner/declare.js';
import { landParcel, parcelDocument, parcelEvent, project } from '../../../schema/index.js';

@FromTable(landParcel, { columns: ['parcelCode'] })
@Owned({ division: 'divisionCode' })
@DataClass('PROPERTY')
@ObjectType({ implements: Node, description: 'A land parcel (宗地), keyed by its 19-character parcel code for its whole life.' })
export class LandParcel extends Node {
  @Field(() => String, { description: '宗地代码' })
  parcelCode!: string;

  @Field(() => String)
  divisionCode!: string;

  @Field(() => String, { nullable: true })
  location!: string | null;

  @Field(() => Float, { nullable: true })
  areaM2!: string | null;

  @Field(() => String, { nullable: true, description: 'GB/T 21010 land-use code.' })
  landUse!: string | null;

  @Field(() => String, { nullable: true })
  landUseName!: string | null;

  @Field(() => String, { nullable: true, description: '出让 / 划拨 / 集体' })
  rightType!: string | null;

  @Field(() => String, { description: 'G 国有 / J 集体 / Z 争议 (from the code).' })
  ownership!: string;

  @Field(() => Date, { nullable: true, description: 'When the land system last changed it.' })
  sourceUpdatedAt!: Date | null;

  @Field(() => Provenance)
  provenance!: Provenance;
}

@FromTable(parcelDocument)
@Owned({ parent: true })
@DataClass('PROPERTY')
@ObjectType({ description: 'A document issued at a lifecycle stage.' })
export class ParcelDocument {
  @Field(() => String, { description: '出让合同, 建设用地规划许可证, …' })
  kind!: string;

  @Field(() => String)
  docNo!: string;
}

@FromTable(parcelEvent, { columns: ['eventId'] })
@Owned({ parcel: 'parcelCode' })
@DataClass('PROPERTY')
@ObjectType({ implements: Node, description: 'One stage of a parcel’s life, from planning to registration.' })
export class ParcelEvent extends Node {
  @Field(() => Int)
  eventId!: number;

  @Field(() => String)
  parcelCode!: string;

  @Field(() => String, { description: 'PLANNING … REGISTRATION' })
  stage!: string;

  @Field(() => String, { nullable: true })
  docNo!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO date.' })
  occurredOn!: string | null;

  @Field(() => String, { nullable: true })
  enterpriseUscc!: string | null;

  @Field(() => String, { nullable: true })
  projectCode!: string | null;

  @Field(() => Provenance)
  provenance!: Provenance;
}

@FromTable(project, { columns: ['projectCode'] })
@Owned({ division: 'divisionCode' })
@DataClass('PUBLIC_REGISTER')
@ObjectType({ implements: Node, description: 'An investment project (投资项目), legacy or GB/T 40058 code.' })
export class Project extends Node {
  @Field(() => String)
  projectCode!: string;

  @Field(() => String, { description: 'legacy | gb40058' })
  scheme!: string;

  @Field(() => String)
  divisionCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => String)
  sectorCode!: string;

  @Field(() => String)
  typeCode!: string;

  @Field(() => Provenance)
  provenance!: Provenance;
}
