/**
 * enterprise/enterprise.type
 *
 * An enterprise, keyed by its USCC (Federation key). Pre-2015 enterprises known only by
 * their 注册号 have a null USCC until a source names both.
 */
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../common/date.scalar.js';
import { Node } from '../common/node.type.js';
import { Provenance } from '../common/provenance.type.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';
import { FederatedBy } from '../federation/keys.js';
import { FromTable } from '../planner/declare.js';
import { enterprise, enterpriseEvent } from '../../../schema/index.js';

@FederatedBy('uscc', 'regNo')
@FromTable(enterprise, { columns: ['uscc'], orElse: { prefix: 'REG:', column: 'regNo' } })
@Owned({ division: 'divisionCode' })
@DataClass('PUBLIC_REGISTER')
@ObjectType({ implements: Node, description: '企业：An enterprise (企业), keyed by its unified social credit code.' })
export class Enterprise extends Node {
  @Field(() => String, { nullable: true, description: '统一社会信用代码 (null for 注册号-only records).' })
  uscc!: string | null;

  @Field(() => String, { nullable: true, description: '注册号：Pre-2015 registration number (注册号), when known.' })
  regNo!: string | null;

  @Field(() => String, { description: '企业名称 (enterprise name, QYMC), as the source ranked first by the source-priority rule gives it.' })
  name!: string;

  @Field(() => String, { description: '企业类型 (entity type, QYLX), e.g. 有限责任公司.', nullable: true })
  entityType!: string | null;

  @DataClass('PERSON_NAME')
  @Field(() => String, { nullable: true, description: '法定代表人：Legal representative as registered.' })
  legalRepName!: string | null;

  @Field(() => Float, { nullable: true, description: '注册资本, 万元 (人民币; null when registered in another currency, which `warnings` names).' })
  registeredCapital!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '成立日期 (date founded, CLRQ).' })
  establishedOn!: string | null;

  @Field(() => String, { description: '登记状态: 存续 / 在业 / 吊销 / 注销 / 迁出.' })
  status!: string;

  @Field(() => String, { description: '住所 (registered address, ZS).', nullable: true })
  address!: string | null;

  @Field(() => String, { nullable: true, description: '行政区划代码：Division code (GB/T 2260) of the registration.' })
  divisionCode!: string | null;

  @Field(() => String, { description: '行业代码 (GB/T 4754 industry code, HYDM), e.g. C3911; its first letter is the section (C 制造业).', nullable: true })
  industryCode!: string | null;

  @Field(() => String, { description: '登记机关 (registration authority, DJJG).', nullable: true })
  registrationAuthority!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '核准日期 (date of the latest approval, HZRQ).' })
  approvedOn!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '注销日期 (date deregistered).' })
  deregisteredOn!: string | null;

  @Field(() => [String], { description: '数据提示：Ingest warnings, e.g. a pilot USCC kept in lenient mode.' })
  warnings!: string[];

  @Field(() => Provenance, { description: '来源 (where this row came from: source, key in the source, fetch time, content hash).' })
  provenance!: Provenance;
}

@FromTable(enterpriseEvent)
@Owned({ parent: true })
@DataClass('PUBLIC_REGISTER')
@ObjectType({ description: '企业登记事件：A registration event: setup, change, cancellation, revocation.' })
export class EnterpriseEvent {
  @Field(() => String, { description: '事件类型：SETUP | CHANGE | CANCEL | REVOKE' })
  kind!: string;

  @Field(() => DateScalar, { description: '发生日期 (date it happened).' })
  occurredOn!: string;

  @Field(() => String, { nullable: true, description: '变更序号：Change-feed sequence number, when from the feed.' })
  seq!: string | null;

  @Field(() => Provenance, { description: '来源 (where this event came from).' })
  provenance!: Provenance;
}

@Owned({ parent: true })
@DataClass('PUBLIC_REGISTER')
@ObjectType({ description: '来源取值：One source\'s value for a field the sources may disagree on.' })
export class SourcedValue {
  @Field(() => String, { description: '来源系统 ID (the configured source the value came from).' })
  sourceId!: string;

  @Field(() => String, { description: '连接器类型：The kind of system (connector), which the priority rule ranks.' })
  connector!: string;

  @Field(() => String, { description: '该来源的取值 (the value as that source gives it).', nullable: true })
  value!: string | null;

  @Field(() => Int, { description: '优先级：Rank under the source-priority rule; 0 decides.' })
  priority!: number;

  @Field(() => Boolean, { description: '是否采用：Whether this is the value the entity carries.' })
  chosen!: boolean;

  @Field(() => Date, { description: '取数时间 (when the hub fetched it).', nullable: true })
  fetchedAt!: Date | null;
}
