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
@ObjectType({ description: 'A rule that turns ingested changes (and, for time-based kinds, the calendar) into alerts.' })
export class AlertRule {
  @Field(() => Int) id!: number;
  @Field(() => AlertKindEnum) kind!: string;
  @Field(() => String) name!: string;
  @Field(() => GraphQLJSONObject, { description: 'Parameters, completed with the kind’s defaults.' }) params!: Record<string, unknown>;
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => Boolean, { description: 'Also evaluated on a schedule (the calendar alone can make it true).' }) scheduled!: boolean;
  @Field(() => String, { nullable: true, description: 'ISO date the last scheduled evaluation covered.' }) scheduledThrough!: string | null;
  @Field(() => Date) updatedAt!: Date;
  @Field(() => String, { description: 'The principal who last changed it.' }) updatedBy!: string;
}

@InputType()
export class CreateAlertRuleInput {
  @Field(() => AlertKindEnum) kind!: string;
  @Field(() => String) name!: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Omitted keys take the kind’s defaults; unknown keys are refused.' }) params?: Record<string, unknown>;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) enabled?: boolean;
}

@InputType()
export class UpdateAlertRuleInput {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Replaces the parameters (omitted keys take defaults).' }) params?: Record<string, unknown>;
  @Field(() => Boolean, { nullable: true }) enabled?: boolean;
}
