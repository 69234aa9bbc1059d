/**
 * realestate/realestate.type
 *
 * Real-estate units (keyed by unit code), registrations (keyed by 业务号), right holders
 * and mortgages.
 */
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Node } from '../common/node.type.js';
import { Provenance } from '../common/provenance.type.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';
import { FederatedBy } from '../federation/keys.js';
import { FromTable } from '../planner/declare.js';
import { realEstateUnit, registration, registrationHolder } from '../../../schema/index.js';

@FederatedBy('unitCode')
@FromTable(realEstateUnit, { columns: ['unitCode'] })
@Owned({ parcel: 'parcelCode' })
@DataClass('PROPERTY')
@ObjectType({ implements: Node, description: '不动产单元：A real-estate unit (不动产单元); its first 19 characters are its parcel’s code.' })
export class RealEstateUnit extends Node {
  @Field(() => String, { description: '不动产单元号 (28-character unit code).' })
  unitCode!: string;

  @Field(() => String, { description: '宗地代码 (the parcel the unit lies on).' })
  parcelCode!: string;

  @Field(() => String, { description: '定着物类型：F 房屋 / L 林木 / Q 其他 / W 无定着物' })
  fixtureType!: string;

  @Field(() => String, { description: '用途 (usage).', nullable: true })
  usage!: string | null;

  @Field(() => Float, { description: '面积 (area, m²).', nullable: true })
  areaM2!: string | null;

  @Field(() => Provenance, { description: '来源 (where this unit came from).' })
  provenance!: Provenance;
}

@Owned({ parent: true })
@DataClass('PROPERTY')
@ObjectType({ description: '抵押：A mortgage carried by a 抵押登记.' })
export class Mortgage {
  @Field(() => String, { description: '抵押权人 (mortgagee’s name).', nullable: true })
  mortgageeName!: string | null;

  @Field(() => String, { description: '抵押权人统一社会信用代码 (mortgagee’s USCC).', nullable: true })
  mortgageeUscc!: string | null;

  @Field(() => Float, { nullable: true, description: '被担保主债权数额, 万元.' })
  securedAmount!: string | null;
}

@FromTable(registrationHolder)
@Owned({ parent: true })
@DataClass('PROPERTY')
@ObjectType({ description: '权利人：A right holder (权利人) on a registration.' })
export class RegistrationHolder {
  @Field(() => Int, { description: '序号 (order among the holders).' })
  seq!: number;

  @DataClass('PERSON_NAME')
  @Field(() => String, { description: '权利人名称 (holder’s name).' })
  name!: string;

  @Field(() => String, { description: '统一社会信用代码 | 身份证 | …' })
  idType!: string;

  @Field(() => String, { description: '权利人统一社会信用代码 (holder’s USCC, for an enterprise).', nullable: true })
  holderUscc!: string | null;

  @Field(() => String, { nullable: true, description: '单独所有 / 共同共有 / 按份共有' })
  shareMode!: string | null;

  @Field(() => Float, { nullable: true, description: '份额：Share in percent.' })
  sharePct!: string | null;
}

@FederatedBy('ywh')
@FromTable(registration, { columns: ['ywh'] })
@Owned({ parcel: 'unitCode' })
@DataClass('PROPERTY')
@ObjectType({ implements: Node, description: '不动产登记：A real-estate registration (不动产登记), keyed by its 业务号.' })
export class Registration extends Node {
  @Field(() => String, { description: '业务号' })
  ywh!: string;

  @Field(() => String, { description: '不动产单元号 (the unit registered).' })
  unitCode!: string;

  @Field(() => String, { nullable: true, description: '不动产权证书号 or 不动产登记证明号' })
  certificateNo!: string | null;

  @Field(() => String, { description: '首次登记 / 转移登记 / 变更登记 / 抵押登记 / 注销登记' })
  kind!: string;

  @Field(() => Date, { description: '登簿时间 (when it was entered in the register).', nullable: true })
  registeredAt!: Date | null;

  @Field(() => String, { description: '用途 (usage).', nullable: true })
  usage!: string | null;

  @Field(() => Float, { description: '面积 (area, m²).', nullable: true })
  areaM2!: string | null;

  @Field(() => String, { nullable: true, description: '被注销登记的业务号：For a cancellation: the 业务号 it cancels.' })
  cancelsYwh!: string | null;

  @Field(() => Provenance, { description: '来源 (where this registration came from).' })
  provenance!: Provenance;
}
