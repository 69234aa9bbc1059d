/**
 * views/support-policy.type
 *
 * 免申即享 as GraphQL: a support policy (published: title, issuer, period, criterion and
 * parameters, its versions), the enterprises meeting it as a connection that names the
 * version, a firm's eligible policies, and the inputs that create and change policies.
 */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/connection.js';
import { DateScalar } from '../common/date.scalar.js';
import { DataClass } from '../data-class.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import { Owned } from '../ownership.js';

@Owned({ parent: true })
@DataClass('PUBLIC_REGISTER')
@ObjectType({ description: '政策版本：One version of a support policy’s criterion (a changed criterion is a new version).' })
export class SupportPolicyVersion {
  @Field(() => Int, { description: '版本号.' }) version!: number;
  @Field(() => GraphQLJSONObject, { description: '资格条件 (the enterprises filter, `"$name"` standing for a parameter).' }) criteria!: Record<string, unknown>;
  @Field(() => GraphQLJSONObject, { description: '参数.' }) params!: Record<string, unknown>;
  @Field(() => Date, { description: '保存时间.' }) createdAt!: Date;
  @DataClass('OPERATIONS') @Field(() => String, { description: '保存人 (principal id).' }) createdBy!: string;
}

@Owned({ none: true })
@DataClass('PUBLIC_REGISTER')
@ObjectType({ description: '惠企政策：A support policy whose eligible enterprises are found without their applying (免申即享).' })
export class SupportPolicy {
  @Field(() => Int, { description: '政策 ID.' }) id!: number;
  @Field(() => String, { description: '政策名称.' }) title!: string;
  @Field(() => String, { description: '发文部门 (issuing department).' }) issuer!: string;
  @Field(() => DateScalar, { nullable: true, description: '起始日期 (null: open).' }) validFrom!: string | null;
  @Field(() => DateScalar, { nullable: true, description: '截止日期 (null: open).' }) validTo!: string | null;
  @Field(() => Int, { description: '当前版本.' }) version!: number;
  @Field(() => Boolean, { description: '有效 (not withdrawn, and today within its period): only active policies announce eligible firms.' }) active!: boolean;
  @Field(() => Boolean, { description: '已撤回.' }) withdrawn!: boolean;
  @Field(() => GraphQLJSONObject, { description: '当前资格条件 (the current version’s criterion).' }) criteria!: Record<string, unknown>;
  @Field(() => GraphQLJSONObject, { description: '当前参数.' }) params!: Record<string, unknown>;
  @Field(() => [SupportPolicyVersion], { description: '全部版本, oldest first.' }) versions!: SupportPolicyVersion[];
  @Field(() => Date, { description: '最近修改时间.' }) updatedAt!: Date;
  @DataClass('OPERATIONS') @Field(() => String, { description: '最近修改人 (principal id).' }) updatedBy!: string;
}

@DataClass('STRUCTURE')
@ObjectType({ description: '符合政策的一个企业.' })
export class PolicyMatchEdge {
  @Field(() => Enterprise, { description: '企业.' }) node!: Enterprise;
  @Field(() => String, { description: '游标 (pass it as `after` or `before`).' }) cursor!: string;
}

@DataClass('STRUCTURE')
@ObjectType({ description: '符合政策的企业 (a page of the enterprises meeting a policy’s criterion, Relay connection).' })
export class PolicyMatchConnection {
  @Field(() => SupportPolicy, { description: '政策.' }) policy!: SupportPolicy;
  @Field(() => Int, { description: '所依据的版本 (the version matched).' }) version!: number;
  @Field(() => [PolicyMatchEdge], { description: '本页.' }) edges!: PolicyMatchEdge[];
  @Field(() => PageInfo, { description: '翻页信息.' }) pageInfo!: PageInfo;
  @Field(() => Int, { description: '符合总数 (counted only when asked for).' }) totalCount!: number;
}

@Owned({ parent: true })
@DataClass('PUBLIC_REGISTER')
@ObjectType({ description: '可享政策：A policy in force the enterprise meets now, and the version.' })
export class PolicyEligibility {
  @Field(() => SupportPolicy, { description: '政策.' }) policy!: SupportPolicy;
  @Field(() => Int, { description: '符合的版本 (the current version it meets).' }) version!: number;
}

@DataClass('STRUCTURE')
@ObjectType({ description: '政策变更结果：The policy as stored, and how many enterprises it announced eligible (POLICY_ELIGIBLE).' })
export class SupportPolicyChange {
  @Field(() => SupportPolicy, { description: '保存后的政策.' }) policy!: SupportPolicy;
  @Field(() => Int, { description: '本次公告的符合企业数 (POLICY_ELIGIBLE alerts raised).' }) announced!: number;
}

@InputType({ description: '惠企政策 (a new support policy).' })
export class SupportPolicyInput {
  @Field(() => String, { description: '政策名称 (1–200 characters).' }) title!: string;
  @Field(() => String, { description: '发文部门 (1–100 characters).' }) issuer!: string;
  @Field(() => DateScalar, { nullable: true, description: '起始日期 (null: open).' }) validFrom?: string | null;
  @Field(() => DateScalar, { nullable: true, description: '截止日期 (null: open).' }) validTo?: string | null;
  @Field(() => GraphQLJSONObject, { description: '资格条件: an `EnterpriseFilter` as JSON; a string `"$name"` stands for parameter `name`.' }) criteria!: Record<string, unknown>;
  @Field(() => GraphQLJSONObject, { nullable: true, description: '参数 (name → a string, number, boolean or a list of them).' }) params?: Record<string, unknown> | null;
}

@InputType({ description: '修改惠企政策: omitted fields stay; a new criterion or parameters make a new version.' })
export class SupportPolicyPatch {
  @Field(() => String, { nullable: true, description: '政策名称.' }) title?: string | null;
  @Field(() => String, { nullable: true, description: '发文部门.' }) issuer?: string | null;
  @Field(() => DateScalar, { nullable: true, description: '起始日期.' }) validFrom?: string | null;
  @Field(() => DateScalar, { nullable: true, description: '截止日期.' }) validTo?: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: '新资格条件 (a new version).' }) criteria?: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: '新参数 (a new version).' }) params?: Record<string, unknown> | null;
}
