/**
 * alerts/alert.type
 *
 * An alert from the log: what happened (kind, title, detail), what it is about (subject
 * type + national key, enterprise, parcel, division), where it came from, and who
 * acknowledged it. `cursor` is its place in the log: `alerts(after:)` resumes there.
 */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { alert } from '../../../schema/index.js';
import { ALERT_KINDS, SEVERITIES } from '../../alerts/rules.js';
import { PageInfo } from '../common/connection.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';
import { registerEntityKey } from '../entity-keys.js';
import { Computed, FromTable, Link } from '../planner/declare.js';
import { base64url, globalId, isoTimestamp } from '../planner/sql-text.js';
import { ALERT_KIND_CLASSES } from '../../policy/classes.js';

/** GraphQL enums take a plain object: each kind names itself. */
export const AlertKindEnum = Object.fromEntries(ALERT_KINDS.map((k) => [k, k])) as { [K in (typeof ALERT_KINDS)[number]]: K };
export const SeverityEnum = Object.fromEntries(SEVERITIES.map((k) => [k, k])) as { [K in (typeof SEVERITIES)[number]]: K };
export enum AlertOrder {
  OLDEST_FIRST = 'OLDEST_FIRST',
  NEWEST_FIRST = 'NEWEST_FIRST',
}

registerEnumType(AlertKindEnum, {
  name: 'AlertKind',
  description: '告警类型 (what a rule watches for).',
  valuesConfig: { LICENSE_EXPIRING: { description: '证照即将到期 (a license expires soon).' }, ADMIN_PENALTY: { description: '新行政处罚 (a new administrative penalty).' }, COURT_DEFAULTER: { description: '列入失信被执行人 (listed as a court defaulter).' }, TAX_ARREARS: { description: '欠税 (tax arrears).' }, TAX_RATING_D: { description: '纳税信用评为 D 级 (tax rating D).' }, NEW_MORTGAGE: { description: '新抵押登记 (a new mortgage registered).' }, DEREGISTERED_WITH_VALID_LICENSES: { description: '已注销但证照仍有效 (deregistered yet holding valid licenses).' }, PARCEL_STALLED: { description: '地块长期停滞 (a parcel stalled in its lifecycle).' }, NO_LOAN_LISTED: { description: '列入无贷户名单 (entered the no-loan list).' }, FIRST_LOAN_GRANTED: { description: '名单企业获得首贷 (a listed firm got its first loan).' }, POLICY_ELIGIBLE: { description: '符合惠企政策 (newly eligible for a support policy, 免申即享).' } },
});
registerEnumType(SeverityEnum, { name: 'Severity', description: '严重程度 (severity).', valuesConfig: { INFO: { description: '提示 (information).' }, WARNING: { description: '警告 (warning).' }, CRITICAL: { description: '严重 (critical).' } } });
registerEnumType(AlertOrder, { name: 'AlertOrder', description: '告警顺序 (alert order).', valuesConfig: { OLDEST_FIRST: { description: '先旧后新 (oldest first).' }, NEWEST_FIRST: { description: '先新后旧 (newest first).' } } });

@Owned({ parent: true })
@DataClass('ALERT')
@ObjectType({ description: '告警确认 (an acknowledgement).' })
export class AlertAcknowledgement {
  // Made of the alert's own columns (the planner reads them off the alert's row).
  @Computed((t) => isoTimestamp(t.acknowledgedAt!))
  @Field(() => Date, { description: '确认时间 (when).' }) at!: Date;
  @Computed((t) => `coalesce(${t.acknowledgedBy}, 'unknown')`)
  @Field(() => String, { description: '确认人：The principal who acknowledged.' }) by!: string;
  @Computed((t) => t.acknowledgeNote!)
  @Field(() => String, { description: '备注 (the note).', nullable: true }) note!: string | null;
}

@Owned({ division: 'divisionCode' }, { by: 'kind', classes: ALERT_KIND_CLASSES })
@DataClass('ALERT')
@FromTable(alert, { columns: ['id'] })
@ObjectType({ description: '告警：An alert raised by a rule on an ingested change or on the calendar.' })
export class Alert {
  @Computed((t) => globalId('Alert', `(${t.id})::text`))
  @Field(() => ID, { description: '全局 ID：Global ID (Alert:<log id>).' }) id!: string;
  @Computed((t) => base64url(`'c:' || (${t.id})::text`))
  @Field(() => String, { description: '游标：Its place in the alert log: pass as `after` to resume after it.' }) cursor!: string;
  @Field(() => AlertKindEnum, { description: '告警类型 (kind).' }) kind!: string;
  @Field(() => SeverityEnum, { description: '严重程度 (severity).' }) severity!: string;
  @Field(() => Int, { description: '触发规则 (the rule that raised it).' }) ruleId!: number;
  @Field(() => String, { description: '标题 (what happened, in one line).' }) title!: string;
  @Field(() => String, { description: '主体类型：GraphQL type of the subject (Enterprise, License, LandParcel, …).' }) subjectType!: string;
  @Field(() => String, { description: '主体代码：The subject’s national key (USCC, license id, parcel code, …).' }) subjectKey!: string;
  @Field(() => String, { description: '相关企业统一社会信用代码 (the enterprise concerned).', nullable: true }) enterpriseUscc!: string | null;
  @Field(() => String, { description: '相关宗地代码 (the parcel concerned).', nullable: true }) parcelCode!: string | null;
  @Field(() => String, { nullable: true, description: '行政区划代码：County division code (GB/T 2260).' }) divisionCode!: string | null;
  @Field(() => String, { nullable: true, description: '来源系统 ID：The source whose change raised it; null for scheduled rules.' }) sourceId!: string | null;
  @Field(() => GraphQLJSONObject, { description: '详情：Codes, dates and amounts behind the alert.' }) detail!: Record<string, unknown>;
  @Field(() => String, { nullable: true, description: '事实日期：ISO date the fact happened or falls due.' }) factOn!: string | null;
  @Field(() => Date, { description: '产生时间 (when it was raised).' }) createdAt!: Date;
  @Link({ inline: (p) => `${p.acknowledgedAt} IS NOT NULL` })
  @Field(() => AlertAcknowledgement, { description: '确认 (who acknowledged it, when, with what note).', nullable: true }) acknowledgement!: AlertAcknowledgement | null;
}

// Its key is its place in the log. The resolvers' Alert holds its global ID as `id`, and the log row behind it as `row`.
registerEntityKey('Alert', (a: { id: unknown; row?: { id: number } }) => String(a.row?.id ?? a.id));

@DataClass('STRUCTURE')
@ObjectType({ description: '告警列表中的一条 (one alert of a page).' })
export class AlertEdge {
  @Field(() => Alert, { description: '告警 (the alert).' }) node!: Alert;
  @Field(() => String, { description: '游标 (this alert’s cursor).' }) cursor!: string;
}

@DataClass('STRUCTURE')
@ObjectType({ description: '告警分页列表 (a page of alerts).' })
export class AlertConnection {
  @Field(() => [AlertEdge], { description: '本页告警 (this page’s alerts).' }) edges!: AlertEdge[];
  @Field(() => PageInfo, { description: '翻页信息 (page info).' }) pageInfo!: PageInfo;
}

@InputType({ description: '告警筛选：All given conditions must hold.' })
export class AlertFilterInput {
  @Field(() => [AlertKindEnum], { description: '告警类型 (only these kinds).', nullable: true }) kinds?: string[];
  @Field(() => String, { nullable: true, description: '行政区划：A county, city or province code: alerts anywhere under it.' }) division?: string;
  @Field(() => String, { nullable: true, description: '企业：USCC.' }) enterprise?: string;
  @Field(() => String, { nullable: true, description: '宗地：Parcel code (宗地代码).' }) parcel?: string;
  @Field(() => Boolean, { nullable: true, description: '未确认：Only alerts not yet acknowledged (queries only).' }) unacknowledged?: boolean;
}
