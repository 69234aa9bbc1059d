/**
 * alerts/alert-rule.type
 *
 * A stored alert rule: its kind, parameters (checked against the kind's schema) and state.
 */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { AlertKindEnum } from './alert.type.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';

@Owned({ none: true })
@DataClass('ALERT')
@ObjectType({ description: '告警规则：A rule that turns ingested changes (and, for time-based kinds, the calendar) into alerts.' })
export class AlertRule {
  @Field(() => Int, { description: '规则 ID (rule id).' }) id!: number;
  @Field(() => AlertKindEnum, { description: '规则类型 (what the rule watches for).' }) kind!: string;
  @Field(() => String, { description: '名称 (the rule’s name, unique).' }) name!: string;
  @Field(() => GraphQLJSONObject, { description: '参数：Parameters, completed with the kind’s defaults.' }) params!: Record<string, unknown>;
  @Field(() => Boolean, { description: '启用 (whether it runs).' }) enabled!: boolean;
  @Field(() => Boolean, { description: '定时评估：Also evaluated on a schedule (the calendar alone can make it true).' }) scheduled!: boolean;
  @Field(() => String, { nullable: true, description: '定时评估截止日期：ISO date the last scheduled evaluation covered.' }) scheduledThrough!: string | null;
  @Field(() => Date, { description: '更新时间 (last changed).' }) updatedAt!: Date;
  @Field(() => String, { description: '修改人：The principal who last changed it.' }) updatedBy!: string;
}

@InputType({ description: '新告警规则 (a new alert rule).' })
export class CreateAlertRuleInput {
  @Field(() => AlertKindEnum, { description: '规则类型 (what it watches for).' }) kind!: string;
  @Field(() => String, { description: '名称 (unique name).' }) name!: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: '参数：Omitted keys take the kind’s defaults; unknown keys are refused.' }) params?: Record<string, unknown>;
  @Field(() => Boolean, { description: '启用 (runs at once). @default true', nullable: true, defaultValue: true }) enabled?: boolean;
}

@InputType({ description: '告警规则修改 (changes to a rule).' })
export class UpdateAlertRuleInput {
  @Field(() => String, { description: '新名称 (new name).', nullable: true }) name?: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: '参数：Replaces the parameters (omitted keys take defaults).' }) params?: Record<string, unknown>;
  @Field(() => Boolean, { description: '启用 (whether it runs).', nullable: true }) enabled?: boolean;
}
