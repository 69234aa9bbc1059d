/**
 * alerts/alert.resolver
 *
 * `alerts` as a paged query and as a subscription (replay after a cursor, then live),
 * `acknowledgeAlert`, and an alert's links to its enterprise and parcel. Every event of a
 * subscription is answered with its own loaders (see server/ws), or by the read planner
 * from the event's row (`@FromEvent`, `@Link`).
 */
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { alertConditions, alertMatcher, type AlertFilter } from '../../alerts/filter.js';
import { acknowledge, alertsAfter, alertsBefore, type AlertRow } from '../../alerts/log.js';
import { ReplayThenLive } from '../../alerts/stream.js';
import { isKnownDivision } from '../../domain/divisions.js';
import { validateParcelCode, validateUscc } from '../../domain/identifiers/index.js';
import { eq } from 'drizzle-orm';
import { alert } from '../../../schema/index.js';
import { encodeCursor, idCursor, pageSize, toConnection } from '../common/connection.js';
import { ALERT_KIND_CLASSES } from '../../policy/classes.js';
import { readableFacts, visibleRows } from '../common/filters.js';
import type { EntityGate } from '../entity-gate.js';
import type { GraphQLContext } from '../context.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import { BadUserInputError, HubError, NotFoundError } from '../errors.js';
import { fromGlobalId, toGlobalId } from '../global-id.js';
import { requireValid } from '../identifier-args.js';
import { LandParcel } from '../land/land.type.js';
import { FromEvent, Link } from '../planner/declare.js';
import { Alert, AlertConnection, AlertFilterInput, AlertOrder } from './alert.type.js';

/** The close code for a consumer that fell too far behind: 1013 Try Again Later (RFC 6455). */
export const SLOW_CONSUMER_CLOSE = 1013;

const compact = <T>(x: T | undefined): T[] => (x === undefined ? [] : [x]);

export const toAlert = (a: AlertRow): Alert & { row: AlertRow } => ({
  row: a, id: toGlobalId('Alert', String(a.id)), cursor: encodeCursor(a.id), kind: a.kind, severity: a.severity, ruleId: a.ruleId, title: a.title,
  subjectType: a.subjectType, subjectKey: a.subjectKey, enterpriseUscc: a.enterpriseUscc, parcelCode: a.parcelCode, divisionCode: a.divisionCode,
  sourceId: a.sourceId, detail: a.detail, factOn: a.factOn, createdAt: a.createdAt,
  acknowledgement: a.acknowledgedAt ? { at: a.acknowledgedAt, by: a.acknowledgedBy ?? 'unknown', note: a.acknowledgeNote } : null,
});

/** Whether an alert is there for the principal: a fact class it may read, in its division. */
const alertVisible = (gate: EntityGate, a: AlertRow) => gate.classReadable(ALERT_KIND_CLASSES[a.kind]) && gate.inScope(a.divisionCode);

/** The same as SQL, for lists and replays. */
const alertScope = (gate: EntityGate) => [readableFacts(gate, alert.kind, ALERT_KIND_CLASSES), ...compact(visibleRows(gate, alert.divisionCode))];

/** Checks a filter's codes; the checked filter drives both SQL and live matching. */
export function checkAlertFilter(input: AlertFilterInput | null | undefined): AlertFilter {
  const f = input ?? {};
  if (f.kinds && f.kinds.length > 20) throw new BadUserInputError('kinds may list at most 20 kinds', { argument: 'filter.kinds' });
  if (f.division !== undefined && f.division !== null && !isKnownDivision(f.division)) {
    throw new BadUserInputError('division must be a known 6-digit GB/T 2260 code', { argument: 'filter.division' });
  }
  return {
    kinds: f.kinds ?? null,
    division: f.division ?? null,
    enterpriseUscc: f.enterprise ? requireValid(validateUscc(f.enterprise)) : null,
    parcelCode: f.parcel ? requireValid(validateParcelCode(f.parcel)) : null,
    unacknowledged: f.unacknowledged ?? null,
  };
}

/**
 * The audience a live subscription joins on the bus (alerts/bus): its filter's arguments and
 * the reader's department and division — everything its `matches` reads (the policy is the
 * hub's) — so subscribers under one key may share one evaluation of it.
 */
export const audienceOf = <T>(ctx: GraphQLContext, stream: string, args: unknown, matches: (item: T) => boolean) =>
  ({ key: JSON.stringify([stream, args, ctx.gate.principal.department, ctx.gate.principal.division]), matches });

export function requireEvents(ctx: GraphQLContext) {
  if (!ctx.events || !ctx.connection) {
    throw new HubError('UNSUPPORTED', 'Subscriptions are served over WebSocket (graphql-transport-ws) on this same path');
  }
  return ctx.events;
}

/** Replays the log after `after` (if given) through the filter, then follows it live. */
function alertStream({ args, context }: SubscribeResolverData<unknown, { filter?: AlertFilterInput; after?: string }, GraphQLContext>) {
  const filter = { ...checkAlertFilter(args.filter), unacknowledged: null };
  const after = idCursor(args.after);
  const bus = requireEvents(context);
  // A district office's stream holds its own division's alerts only, and nobody's the alerts of a class it may not read.
  const visible = (a: AlertRow) => alertVisible(context.gate, a);
  const matches = alertMatcher(filter);
  const live = bus.subscribeAlerts(audienceOf<AlertRow>(context, 'alerts', filter, (a) => matches(a) && visible(a)), context.queueLimits, () =>
    context.connection?.drop(SLOW_CONSUMER_CLOSE, 'Consumer too slow: reconnect with your last cursor'),
  );
  const where = [...alertConditions(filter), ...alertScope(context.gate)];
  return new ReplayThenLive<AlertRow>(live, (id, limit) => alertsAfter(context.db, id, limit, where), (a) => a.id, after, bus.liveFrom('alert'));
}

@Resolver(() => Alert)
export class AlertResolver {
  @Query(() => AlertConnection, { description: '告警：The alert log, oldest first by default; `after` is an alert’s cursor.' })
  async alerts(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => AlertFilterInput, { description: '筛选 (which alerts).', nullable: true }) filter?: AlertFilterInput,
    @Arg('first', () => Int, { description: '条数，0–100 (page size; 0: no edges, only the count and page info). @default 20', nullable: true }) first?: number,
    @Arg('after', () => String, { description: '在此游标之后 (alerts after this cursor).', nullable: true }) after?: string,
    @Arg('order', () => AlertOrder, { description: '顺序 (oldest or newest first). @default OLDEST_FIRST', nullable: true, defaultValue: AlertOrder.OLDEST_FIRST }) order?: AlertOrder,
  ) {
    const n = pageSize(first);
    const where = [...alertConditions(checkAlertFilter(filter)), ...alertScope(ctx.gate)];
    const from = idCursor(after);
    const newest = order === AlertOrder.NEWEST_FIRST;
    const [rows, previous] = await Promise.all([
      newest ? alertsBefore(ctx.db, from, n + 1, where) : alertsAfter(ctx.db, from ?? 0, n + 1, where),
      // The cursor's own alert and those beyond it, under the same filter and scope.
      from === null ? [] : newest ? alertsAfter(ctx.db, from - 1, 1, where) : alertsBefore(ctx.db, from + 1, 1, where),
    ]);
    const c = toConnection(rows, n, (r) => r.id, previous.length > 0);
    return { ...c, edges: c.edges.map((e) => ({ ...e, node: toAlert(e.node) })) };
  }

  @FromEvent({ by: ['id'], key: (row: AlertRow) => [row.id] })
  @Subscription(() => Alert, {
    name: 'alerts',
    subscribe: alertStream,
    description: '告警订阅：Alerts as they are raised. With `after` (a cursor), first every alert since then, then live — in log order, no gap, no repeat.',
  })
  liveAlerts(
    @Root() row: AlertRow,
    @Arg('filter', () => AlertFilterInput, { nullable: true, description: '筛选 (which alerts).' }) _filter?: AlertFilterInput,
    @Arg('after', () => String, { nullable: true, description: '从此游标之后 (replay alerts after this cursor, then live).' }) _after?: string,
  ) {
    return toAlert(row);
  }

  @Mutation(() => Alert, { description: '确认告警：Marks an alert as seen and acted on; records who. The first acknowledgement stands.' })
  async acknowledgeAlert(
    @Arg('id', () => ID, { description: '告警 ID (alert id).' }) id: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('note', () => String, { description: '备注 (a note).', nullable: true }) note?: string,
  ) {
    const { type, key } = fromGlobalId(id);
    if (type !== 'Alert' || !/^\d{1,18}$/.test(key)) throw new HubError('INVALID_ID', 'Not an alert ID');
    if (note !== undefined && note !== null && note.length > 1000) throw new BadUserInputError('note may hold at most 1000 characters', { argument: 'note' });
    // An alert outside the principal's rows is not there for it, to read or to acknowledge.
    const [current] = await alertsAfter(ctx.db, Number(key) - 1, 1, [eq(alert.id, Number(key))]);
    if (!current || !alertVisible(ctx.gate, current)) throw new NotFoundError('Alert');
    const { row, already } = await acknowledge(ctx.db, Number(key), ctx.principal.id, note ?? null, ctx.now());
    if (!row) throw new NotFoundError('Alert');
    if (already) throw new HubError('CONFLICT', 'The alert was already acknowledged', { reason: 'ALREADY_ACKNOWLEDGED' });
    return toAlert(row);
  }

  @Link({ one: true, where: (c, p) => `${c.uscc} = ${p.enterpriseUscc}` })
  @FieldResolver(() => Enterprise, { description: '相关企业 (the enterprise).', nullable: true })
  enterprise(@Root() a: Alert, @Ctx() ctx: GraphQLContext) {
    return a.enterpriseUscc ? ctx.loaders.enterpriseByUscc.load(a.enterpriseUscc) : null;
  }

  @Link({ one: true, where: (c, p) => `${c.parcelCode} = ${p.parcelCode}` })
  @FieldResolver(() => LandParcel, { description: '相关宗地 (the parcel).', nullable: true })
  parcel(@Root() a: Alert, @Ctx() ctx: GraphQLContext) {
    return a.parcelCode ? ctx.loaders.parcelByCode.load(a.parcelCode) : null;
  }
}
