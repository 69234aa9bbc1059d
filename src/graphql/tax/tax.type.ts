/**
 * tax/tax.type
 *
 * The tax bureau's view of a taxpayer: registration status, ratings by year, arrears and
 * monthly payments.
 */
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../common/date.scalar.js';
import { Node } from '../common/node.type.js';
import { Provenance } from '../common/provenance.type.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';
import { FederatedBy } from '../federation/keys.js';
import { FromTable } from '../planner/declare.js';
import { taxArrears, taxPayment, taxpayer, taxRating } from '../../../schema/index.js';

@FromTable(taxRating)
@Owned({ parent: true })
@DataClass('TAX')
@ObjectType({ description: '纳税信用等级 for one evaluation year.' })
export class TaxRating {
  @Field(() => Int, { description: '评定年度 (rating year, PDND).' })
  year!: number;

  @Field(() => String, { description: '纳税信用等级：A / B / M / C / D' })
  rating!: string;
}

@FromTable(taxArrears)
@Owned({ parent: true })
@DataClass('TAX')
@ObjectType({ description: '欠税：Tax owed and not (yet) paid, by tax item.' })
export class TaxArrear {
  @Field(() => String, { description: '征收项目 (tax item).' })
  taxItem!: string;

  @Field(() => Float, { description: '金额 (元)：yuan' })
  amount!: string;

  @Field(() => DateScalar, { nullable: true, description: '欠税发生日期 (in arrears since).' })
  since!: string | null;

  @Field(() => String, { description: '未缴 / 已缴' })
  status!: string;
}

@FromTable(taxPayment)
@Owned({ parent: true })
@DataClass('TAX')
@ObjectType({ description: '税款入库：Tax paid in one month for one tax item.' })
export class TaxPayment {
  @Field(() => Int, { description: '所属年度 (year).' })
  year!: number;

  @Field(() => Int, { description: '所属月份 (month, 1-12).' })
  month!: number;

  @Field(() => String, { description: '征收项目 (tax item).' })
  taxItem!: string;

  @Field(() => Float, { description: '金额 (元)：yuan' })
  amount!: string;
}

@FederatedBy('tin')
@FromTable(taxpayer, { columns: ['tin'] })
@Owned({ enterprise: 'uscc' })
@DataClass('TAX')
@ObjectType({ implements: Node, description: '纳税人：A taxpayer as the tax bureau registers it.' })
export class TaxProfile extends Node {
  @Field(() => String, {
    description: '纳税人识别号 (= USCC for enterprises). A person’s (their ID number, or an old individual business’s ID number and two digits) is served as its keyed pseudonym `P-<40 hex>[两位顺序码]`, never in clear.',
  })
  tin!: string;

  @Field(() => String, { description: '纳税人名称 (taxpayer name, NSRMC).' })
  name!: string;

  @Field(() => String, { description: '正常 / 非正常户 / 注销' })
  status!: string;

  @Field(() => String, { description: '主管税务机关 (tax office in charge).', nullable: true })
  taxOffice!: string | null;

  @Field(() => String, { description: '行业代码 (industry code, as the tax bureau has it).', nullable: true })
  industryCode!: string | null;

  @Field(() => Provenance, { description: '来源 (where this taxpayer came from).' })
  provenance!: Provenance;
}
