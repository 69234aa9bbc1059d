/**
 * ops/ops.resolver
 *
 * `syncRuns`, `quarantine`, `sources` and the `reprocessQuarantine` and `syncNow` mutations.
 */
import { and, desc, eq, gte, isNull, lt, type SQL } from 'drizzle-orm';
import { Arg, Args, ArgsType, Ctx, Field, ID, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import { quarantine, syncRun } from '../../../schema/index.js';
import { idCursor, pageSize, toConnection } from '../common/connection.js';
import type { GraphQLContext } from '../context.js';
import { BadUserInputError, NotFoundError } from '../errors.js';
import { QuarantineConnection, QuarantineEntry, ReprocessResult, SourceStatus, SyncRun } from './ops.type.js';

type RunRow = typeof syncRun.$inferSelect;
type QuarantineRow = typeof quarantine.$inferSelect;

const toRun = (r: RunRow): SyncRun => ({
  id: String(r.id), sourceId: r.sourceId, startedAt: r.startedAt, finishedAt: r.finishedAt, status: r.status,
  counts: { read: 0, inserted: 0, updated: 0, unchanged: 0, quarantined: 0, withdrawn: 0, alerts: 0, batches: 0, ...r.counts },
  cursor: r.cursor === null || r.cursor === undefined ? null : JSON.stringify(r.cursor), error: r.error,
  withdrawalsSkipped: r.withdrawalsSkipped ?? [],
});

const toEntry = (q: QuarantineRow): QuarantineEntry => ({
  id: String(q.id), sourceId: q.sourceId, sourceKey: q.sourceKey, recordKind: q.recordKind, reasonCode: q.reasonCode, reason: q.reason,
  raw: q.raw, reprocessable: q.input !== null, receivedAt: q.receivedAt, resolvedAt: q.resolvedAt, resolution: q.resolution,
});

@InputType({ description: '隔离记录筛选 (which quarantined records).' })
class QuarantineFilter {
  @Field(() => String, { description: '来源系统 ID (only this source).', nullable: true }) sourceId?: string;
  @Field(() => String, { description: '原因代码 (only this reason, e.g. USCC_CHECKSUM).', nullable: true }) reasonCode?: string;
  @Field(() => String, { description: '记录类型 (only this kind of record).', nullable: true }) recordKind?: string;
  @Field(() => Boolean, { nullable: true, description: '未处理：Only entries not yet resolved. @default true' }) unresolved?: boolean;
}

@ArgsType()
class QuarantineArgs {
  @Field(() => Int, { nullable: true, description: '条数，0–100 (page size; 0: no edges, only the count and page info). @default 20' }) first?: number;
  @Field(() => String, { nullable: true, description: '在此游标之后 (entries after this cursor).' }) after?: string;
  @Field(() => QuarantineFilter, { nullable: true, description: '筛选 (which entries).' }) filter?: QuarantineFilter;
}

@Resolver()
export class OpsResolver {
  @Query(() => [SyncRun], { description: '同步运行记录：Sync runs, newest first.' })
  async syncRuns(
    @Ctx() ctx: GraphQLContext,
    @Arg('sourceId', () => String, { description: '来源系统 ID (only this source’s runs).', nullable: true }) sourceId?: string,
    @Arg('first', () => Int, { description: '条数 (how many runs, newest first). @default 20', nullable: true }) first?: number,
  ): Promise<SyncRun[]> {
    const rows = await ctx.db.select().from(syncRun).where(sourceId ? eq(syncRun.sourceId, sourceId) : undefined).orderBy(desc(syncRun.id)).limit(pageSize(first));
    return rows.map(toRun);
  }

  @Query(() => QuarantineConnection, { description: '隔离记录：Refused source records, newest first.' })
  async quarantine(@Args(() => QuarantineArgs) args: QuarantineArgs, @Ctx() ctx: GraphQLContext) {
    const n = pageSize(args.first);
    const after = idCursor(args.after);
    const f = args.filter ?? {};
    const conditions: (SQL | undefined)[] = [
      f.sourceId ? eq(quarantine.sourceId, f.sourceId) : undefined,
      f.reasonCode ? eq(quarantine.reasonCode, f.reasonCode) : undefined,
      f.recordKind ? eq(quarantine.recordKind, f.recordKind) : undefined,
      f.unresolved === false ? undefined : isNull(quarantine.resolvedAt),
    ];
    const [rows, previous] = await Promise.all([
      ctx.db.select().from(quarantine).where(and(...conditions, after !== null ? lt(quarantine.id, after) : undefined)).orderBy(desc(quarantine.id)).limit(n + 1),
      // The cursor's own entry and newer ones, under the same filter.
      after === null ? [] : ctx.db.select({ id: quarantine.id }).from(quarantine).where(and(...conditions, gte(quarantine.id, after))).limit(1),
    ]);
    const c = toConnection(rows, n, (r) => r.id, previous.length > 0);
    return { ...c, edges: c.edges.map((e) => ({ ...e, node: toEntry(e.node) })) };
  }

  @Query(() => [SourceStatus], { description: '来源系统：Configured sources and their freshness.' })
  async sources(@Ctx() ctx: GraphQLContext): Promise<SourceStatus[]> {
    const now = Date.now();
    return (await ctx.ops.sources()).map((s) => {
      const lastSuccessAt = s.lastSuccess?.finishedAt ?? null;
      return {
        id: s.source.id, connector: s.source.connector, enabled: s.source.enabled, lenient: s.source.lenient, everySeconds: s.source.schedule.everySeconds,
        lastRun: s.lastRun ? toRun(s.lastRun) : null, lastSuccessAt,
        lagSeconds: lastSuccessAt ? Math.max(0, Math.round((now - lastSuccessAt.getTime()) / 1000)) : null,
        cursor: s.cursor === null ? null : JSON.stringify(s.cursor),
      };
    });
  }

  @Mutation(() => SyncRun, {
    description: '立即同步：Runs a configured source now, on the hub that owns the database, and answers with the finished run (a run already under way is awaited, not doubled). `fromStart` forgets the cursor first. Who may call it is the policy’s decision (the demo: admin).',
  })
  async syncNow(
    @Arg('sourceId', () => String, { description: '来源系统 ID (source).' }) sourceId: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('fromStart', () => Boolean, { description: '从头同步 (from the source’s beginning, not the saved cursor). @default false', defaultValue: false }) fromStart: boolean,
  ): Promise<SyncRun> {
    if (sourceId.length > 64) throw new BadUserInputError('sourceId is at most 64 characters', { argument: 'sourceId' });
    const summary = await ctx.ops.syncNow(sourceId, fromStart);
    if (!summary) throw new NotFoundError('Source');
    const [row] = summary.runId > 0 ? await ctx.db.select().from(syncRun).where(eq(syncRun.id, summary.runId)) : [];
    if (!row) throw new BadUserInputError(`source ${sourceId} could not start: ${summary.error ?? 'unknown'}`, { argument: 'sourceId' });
    return toRun(row);
  }

  @Mutation(() => ReprocessResult, { description: '重处理隔离记录：Validates quarantined records again (today’s rules, the source’s current lenient mode) and writes those that pass.' })
  async reprocessQuarantine(@Arg('ids', () => [ID], { description: '隔离记录 ID (entries to reprocess).' }) ids: string[], @Ctx() ctx: GraphQLContext): Promise<ReprocessResult> {
    if (ids.length === 0 || ids.length > 1000) throw new BadUserInputError('ids must hold 1-1000 quarantine ids', { argument: 'ids' });
    if (!ids.every((id) => /^\d{1,18}$/.test(id))) throw new BadUserInputError('ids must be quarantine entry ids', { argument: 'ids' });
    return ctx.ops.reprocessQuarantine(ids.map(Number));
  }
}
