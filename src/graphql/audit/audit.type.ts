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
  valuesConfig: {
    ENTERPRISE: { description: 'By USCC.' },
    PERSON: { description: 'By identity number (matched through the keyed hash; the number is not stored).' },
    LAND_PARCEL: { description: 'By parcel code.' },
    LICENSE: { description: 'By license id.' },
  },
});

@Owned({ none: true })
@DataClass('AUDIT')
@ObjectType()
export class AccessRecord {
  @Field(() => Int, { description: 'Position in the audit chain.' }) seq!: number;
  @Field(() => Date) at!: Date;
  @Field(() => String) principalId!: string;
  @Field(() => String, { nullable: true }) department!: string | null;
  @Field(() => String, { nullable: true, description: 'The purpose declared with the request.' }) purpose!: string | null;
  @Field(() => String) transport!: string;
  @Field(() => String) operationType!: string;
  @Field(() => String, { nullable: true }) operationName!: string | null;
  @Field(() => String) outcome!: string;
}
