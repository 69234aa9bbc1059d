/**
 * ingest/ops
 *
 * Operations on the ingest ledger for people running the hub: reprocess quarantined
 * records (validated again with today's rules and the source's current lenient setting,
 * written through the same path as a sync), run a source now, and each source's freshness.
 */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { quarantine, syncRun, syncState } from '../../schema/index.js';
import type { SourceEntry } from '../config.js';
import type { Db } from '../db/client.js';
import type { RecordInput } from '../domain/records.js';
import { ChangeSet } from './changes.js';
import { prepare } from './prepare.js';
import { emptySyncCounts } from './counts.js';
import { commit, publish, sourceFromConfig, syncSource, type IngestDeps, type SyncSummary } from './pipeline.js';
import type { Scheduler } from './scheduler.js';

export interface ReprocessResult {
  /** Entries looked at (unresolved among those asked for). */
  readonly examined: number;
  /** Now accepted and written; their entries are resolved. */
  readonly accepted: number;
  /** Still failing (their reason is brought up to date). */
  readonly stillRejected: number;
  /** Rejected before mapping (a ragged row, a refused file): nothing to validate again. */
  readonly notReprocessable: number;
}

export interface SourceStatus {
  readonly source: SourceEntry;
  readonly lastRun: typeof syncRun.$inferSelect | null;
  readonly lastSuccess: typeof syncRun.$inferSelect | null;
  readonly cursor: unknown;
}

export interface IngestOps {
  reprocessQuarantine(ids: readonly number[]): Promise<ReprocessResult>;
  sources(): Promise<SourceStatus[]>;
  /**
   * Runs a configured source now and resolves with its run. A run of it already under way
   * on the hub's schedule is awaited, not doubled; `fromStart` forgets the cursor first.
   * `null` when no source has that id.
   */
  syncNow(sourceId: string, fromStart: boolean): Promise<SyncSummary | null>;
}

/** `scheduler()` is the hub's ingest schedule once started (null when the hub runs without one). */
export function createIngestOps(deps: IngestDeps, sources: readonly SourceEntry[], scheduler: () => Scheduler | null = () => null): IngestOps {
  const db = deps.database.db;
  return {
    async syncNow(sourceId, fromStart) {
      const s = sources.find((x) => x.id === sourceId);
      if (!s) return null;
      const schedule = s.enabled ? scheduler() : null;
      if (fromStart) {
        // A run under way finishes first; then the cursor is forgotten and the source read again from its beginning.
        if (schedule) await schedule.runNow(s.id);
        await db.delete(syncState).where(eq(syncState.sourceId, s.id));
      }
      if (schedule) return schedule.runNow(s.id);
      return syncSource(deps, sourceFromConfig(s));
    },

    async reprocessQuarantine(ids) {
      const rows = ids.length ? await db.select().from(quarantine).where(and(inArray(quarantine.id, [...ids]), isNull(quarantine.resolvedAt))) : [];
      let accepted = 0;
      let stillRejected = 0;
      let notReprocessable = 0;
      for (const row of rows) {
        if (!row.input) {
          notReprocessable++;
          continue;
        }
        const entry = sources.find((s) => s.id === row.sourceId);
        const source = { id: row.sourceId, connector: entry?.connector ?? 'unknown', options: {}, lenient: entry?.lenient ?? false };
        const counts = emptySyncCounts();
        const prepared = prepare(source, [{ ok: true, input: row.input as unknown as RecordInput, sourceKey: row.sourceKey ?? `quarantine:${row.id}`, raw: row.raw }], counts);
        const now = (deps.now ?? (() => new Date()))();
        await db.transaction(async (t) => {
          const tx = t as unknown as Db;
          const changes = new ChangeSet();
          if (prepared.rejected.length === 0) {
            await commit(tx, deps, row.sourceId, null, prepared, now, counts, changes);
          }
          if (prepared.rejected.length === 0 && counts.quarantined === 0) {
            accepted++;
            await tx.update(quarantine).set({ resolvedAt: now, resolution: 'REPROCESSED' }).where(eq(quarantine.id, row.id));
          } else {
            stillRejected++;
            const r = prepared.rejected[0];
            if (r) await tx.update(quarantine).set({ reasonCode: r.reasonCode, reason: r.reason }).where(eq(quarantine.id, row.id));
          }
          await publish(tx, deps, changes, now, counts);
        });
      }
      return { examined: rows.length, accepted, stillRejected, notReprocessable };
    },

    async sources() {
      const out: SourceStatus[] = [];
      for (const source of sources) {
        const [lastRun] = await db.select().from(syncRun).where(eq(syncRun.sourceId, source.id)).orderBy(desc(syncRun.id)).limit(1);
        const [lastSuccess] = await db
          .select()
          .from(syncRun)
          .where(and(eq(syncRun.sourceId, source.id), eq(syncRun.status, 'succeeded')))
          .orderBy(desc(syncRun.id))
          .limit(1);
        const [state] = await db.select().from(syncState).where(eq(syncState.sourceId, source.id));
        out.push({ source, lastRun: lastRun ?? null, lastSuccess: lastSuccess ?? null, cursor: state?.cursor ?? null });
      }
      return out;
    },
  };
}
