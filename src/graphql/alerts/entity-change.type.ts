/**
 * alerts/entity-change.type
 *
 * One change to a record, as a department front-end watching an enterprise or a parcel
 * sees it: which record, created / updated / withdrawn, which fields, from which source.
 */
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';
import { CHANGE_TYPE_CLASSES } from '../../policy/classes.js';

export enum ChangeOpEnum {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  WITHDRAWN = 'WITHDRAWN',
}

/** What `entityChanged` can watch; the key is that type's national code. */
export enum WatchedType {
  ENTERPRISE = 'Enterprise',
  LAND_PARCEL = 'LandParcel',
  LICENSE = 'License',
}

registerEnumType(ChangeOpEnum, { name: 'ChangeOp' });
registerEnumType(WatchedType, {
  name: 'WatchedType',
  valuesConfig: {
    ENTERPRISE: { description: 'By USCC: the enterprise and every record linked to it (licenses, credit, tax, loans, parcel events).' },
    LAND_PARCEL: { description: 'By parcel code: the parcel, its lifecycle events, units and registrations.' },
    LICENSE: { description: 'By license id.' },
  },
});

@Owned({ enterprise: 'enterpriseUscc', parcel: 'parcelCode' }, { by: 'entityType', classes: CHANGE_TYPE_CLASSES })
@DataClass('ALERT')
@ObjectType()
export class EntityChange {
  @Field(() => String, { description: 'Its place in the change log: pass as `after` to resume after it.' }) cursor!: string;
  @Field(() => String, { description: 'GraphQL type of the changed record (Enterprise, License, TaxArrears, …).' }) entityType!: string;
  @Field(() => String, { description: 'Its national key.' }) entityKey!: string;
  @Field(() => ChangeOpEnum) op!: ChangeOpEnum;
  @Field(() => [String], { description: 'Changed fields (camelCase); every set field for CREATED.' }) fields!: string[];
  @Field(() => String, { description: 'The source whose data changed it.' }) sourceId!: string;
  @Field(() => Date) changedAt!: Date;
  @Field(() => String, { nullable: true }) enterpriseUscc!: string | null;
  @Field(() => String, { nullable: true }) parcelCode!: string | null;
}
