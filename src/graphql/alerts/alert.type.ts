/**
 * alerts/alert.type
 *
 * An alert from the log: what happened (kind, title, detail), what it is about (subject
 * type + national key, enterprise, parcel, division), where it came from, and who
 * acknowledged it. `cursor` is its place in the log: `alerts(after:)` resumes there.
 */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ALERT_KINDS, SEVERITIES } from '../../alerts/rules.js';
import { PageInfo } from '../common/connection.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';
import { registerEntityKey } from '../entity-keys.js';
import { ALERT_KIND_CLASSES } from '../../policy/classes.js';

/** GraphQL enums take a plain object: each kind names itself. */
export const AlertKindEnum = Object.fromEntries(ALERT_KINDS.map((k) => [k, k])) as { [K in (typeof ALERT_KINDS)[number]]: K };
export const SeverityEnum = Object.fromEntries(SEVERITIES.map((k) => [k, k])) as { [K in (typeof SEVERITIES)[number]]: K };
export enum AlertOrder {
  OLDEST_FIRST = 'OLDEST_FIRST',
  NEWEST_FIRST = 'NEWEST_FIRST',
}

registerEnumType(AlertKindEnum, { name: 'AlertKind', description: 'What a rule watches for.' });
registerEnumType(SeverityEnum, { name: 'Severity' });
registerEnumType(AlertOrder, { name: 'AlertOrder' });

@Owned({ parent: true })
@DataClass('ALERT')
@ObjectType()
export class AlertAcknowledgement {
  @Field(() => Date) at!: Date;
  @Field(() => String, { description: 'The principal who acknowledged.' }) by!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
}

// Read from the event log, not a table: its key is its place in the log (the row behind the GraphQL shape).
registerEntityKey('Alert', (a: { id: unknown; row?: { id: number } }) => String(a.row?.id ?? a.id));

@Owned({ division: 'divisionCode' }, { by: 'kind', classes: ALERT_KIND_CLASSES })
@DataClass('ALERT')
@ObjectType({ description: 'An alert raised by a rule on an ingested change or on the calendar.' })
export class Alert {
  @Field(() => ID, { description: 'Global ID (Alert:<log id>).' }) id!: string;
  @Field(() => String, { description: 'Its place in the alert log: pass as `after` to resume after it.' }) cursor!: string;
  @Field(() => AlertKindEnum) kind!: string;
  @Field(() => SeverityEnum) severity!: string;
  @Field(() => Int) ruleId!: number;
  @Field(() => String) title!: string;
  @Field(() => String, { description: 'GraphQL type of the subject (Enterprise, License, LandParcel, …).' }) subjectType!: string;
  @Field(() => String, { description: 'The subject’s national key (USCC, license id, parcel code, …).' }) subjectKey!: string;
  @Field(() => String, { nullable: true }) enterpriseUscc!: string | null;
  @Field(() => String, { nullable: true }) parcelCode!: string | null;
  @Field(() => String, { nullable: true, description: 'County division code (GB/T 2260).' }) divisionCode!: string | null;
  @Field(() => String, { nullable: true, description: 'The source whose change raised it; null for scheduled rules.' }) sourceId!: string | null;
  @Field(() => GraphQLJSONObject, { description: 'Codes, dates and amounts behind the alert.' }) detail!: Record<string, unknown>;
  @Field(() => String, { nullable: true, description: 'ISO date the fact happened or falls due.' }) factOn!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => AlertAcknowledgement, { nullable: true }) acknowledgement!: AlertAcknowledgement | null;
}

@DataClass('STRUCTURE')
@ObjectType()
export class AlertEdge {
  @Field(() => Alert) node!: Alert;
  @Field(() => String) cursor!: string;
}

@DataClass('STRUCTURE')
@ObjectType()
export class AlertConnection {
  @Field(() => [AlertEdge]) edges!: AlertEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType({ description: 'All given conditions must hold.' })
export class AlertFilterInput {
  @Field(() => [AlertKindEnum], { nullable: true }) kinds?: string[];
  @Field(() => String, { nullable: true, description: 'A county, city or province code: alerts anywhere under it.' }) division?: string;
  @Field(() => String, { nullable: true, description: 'USCC.' }) enterprise?: string;
  @Field(() => String, { nullable: true, description: 'Parcel code (宗地代码).' }) parcel?: string;
  @Field(() => Boolean, { nullable: true, description: 'Only alerts not yet acknowledged (queries only).' }) unacknowledged?: boolean;
}
