/**
 * audit/audit.type
 *
 * One entry of the read audit as `whoAccessed` shows it: who (principal, department),
 * when, why (the declared purpose), through which operation, and how it ended.
 */
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';

export enum AuditSubject {
  ENTERPRISE = 'Enterprise',
  PERSON = 'Person',
  LAND_PARCEL = 'LandParcel',
  LICENSE = 'License',
}

registerEnumType(AuditSubject, {
  name: 'AuditSubject',
  description: '审计主体类型 (what kind of subject an audit lookup names).',
  valuesConfig: {
    ENTERPRISE: { description: '企业：By USCC.' },
    PERSON: { description: '个人：By identity number (matched through the keyed hash; the number is not stored).' },
    LAND_PARCEL: { description: '宗地：By parcel code.' },
    LICENSE: { description: '证照：By license id.' },
  },
});

@Owned({ none: true })
@DataClass('AUDIT')
@ObjectType({ description: '一次读取记录 (one read of a subject, from the read audit).' })
export class AccessRecord {
  @Field(() => Int, { description: '审计序号：Position in the audit chain.' }) seq!: number;
  @Field(() => Date, { description: '时间 (when it was read).' }) at!: Date;
  @Field(() => String, { description: '访问者 (the key or token that read).' }) principalId!: string;
  @Field(() => String, { description: '部门 (the reader’s department).', nullable: true }) department!: string | null;
  @Field(() => String, { nullable: true, description: '用途：The purpose declared with the request.' }) purpose!: string | null;
  @Field(() => String, { description: '通道 (http or ws).' }) transport!: string;
  @Field(() => String, { description: '操作类型 (query, mutation, subscription).' }) operationType!: string;
  @Field(() => String, { description: '操作名称 (the operation’s name, when given).', nullable: true }) operationName!: string | null;
  @Field(() => String, { description: '结果 (ok or error).' }) outcome!: string;
}
