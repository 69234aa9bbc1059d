/**
 * alerts/entity-change.type
 *
 * One change to a record, as a department front-end watching an enterprise or a parcel
 * sees it: which record, created / updated / withdrawn, which fields, from which source.
 */
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { entityChange } from '../../../schema/index.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';
import { Computed, FromTable } from '../planner/declare.js';
import { base64url } from '../planner/sql-text.js';
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

registerEnumType(ChangeOpEnum, { name: 'ChangeOp', description: '变化类型 (kind of change).', valuesConfig: { CREATED: { description: '新增 (created).' }, UPDATED: { description: '修改 (updated).' }, WITHDRAWN: { description: '撤下 (withdrawn by its source).' } } });
registerEnumType(WatchedType, {
  name: 'WatchedType',
  description: '可订阅主体类型 (what kind of entity a change subscription watches).',
  valuesConfig: {
    ENTERPRISE: { description: '企业：By USCC: the enterprise and every record linked to it (licenses, credit, tax, loans, parcel events).' },
    LAND_PARCEL: { description: '宗地：By parcel code: the parcel, its lifecycle events, units and registrations.' },
    LICENSE: { description: '证照：By license id.' },
  },
});

@Owned({ enterprise: 'enterpriseUscc', parcel: 'parcelCode' }, { by: 'entityType', classes: CHANGE_TYPE_CLASSES })
@DataClass('ALERT')
@FromTable(entityChange)
@ObjectType({ description: '实体变化通知 (a change to a watched entity).' })
export class EntityChange {
  @Computed((t) => base64url(`'c:' || (${t.id})::text`))
  @Field(() => String, { description: '游标：Its place in the change log: pass as `after` to resume after it.' }) cursor!: string;
  @Field(() => String, { description: '记录类型：GraphQL type of the changed record (Enterprise, License, TaxArrears, …).' }) entityType!: string;
  @Field(() => String, { description: '记录代码：Its national key.' }) entityKey!: string;
  @Field(() => ChangeOpEnum, { description: '变化类型 (created, updated or withdrawn).' }) op!: ChangeOpEnum;
  // Column names in camelCase, as `toChange` writes them: each `_x` becomes `X`.
  @Computed((t) => `(SELECT coalesce(json_agg((SELECT string_agg(CASE WHEN p.n = 1 THEN p.w ELSE upper(left(p.w, 1)) || substr(p.w, 2) END, '' ORDER BY p.n)`
    + ` FROM unnest(string_to_array(f.c, '_')) WITH ORDINALITY p(w, n)) ORDER BY f.n), '[]'::json) FROM unnest(${t.fields}) WITH ORDINALITY f(c, n))`)
  @Field(() => [String], { description: '变化字段：Changed fields (camelCase); every set field for CREATED.' }) fields!: string[];
  @Field(() => String, { description: '来源系统 ID：The source whose data changed it.' }) sourceId!: string;
  @Field(() => Date, { description: '变化时间 (when).' }) changedAt!: Date;
  @Field(() => String, { description: '相关企业统一社会信用代码 (the enterprise concerned).', nullable: true }) enterpriseUscc!: string | null;
  @Field(() => String, { description: '相关宗地代码 (the parcel concerned).', nullable: true }) parcelCode!: string | null;
}
