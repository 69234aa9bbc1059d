/**
 * ingest/scheduler
 *
 * Runs each configured source now and then every `schedule.everySeconds`, one run per
 * source at a time. A failed run is recorded (sync_run) and retried at the next tick.
 */
import type { SourceEntry } from '../config.js';
import { emptySyncCounts } from './counts.js';
import { sourceFromConfig, syncSource, type IngestDeps, type SyncSummary } from './pipeline.js';

export interface Scheduler {
  /** Resolves when every source has finished its first run. */
  readonly firstRound: Promise<SyncSummary[]>;
  /** Runs one source now (waits for a run already under way). */
  runNow(sourceId: string): Promise<SyncSummary>;
  stop(): Promise<void>;
}

export function startScheduler(deps: IngestDeps, sources: readonly SourceEntry[]): Scheduler {
  const abort = new AbortController();
  const running = new Map<string, Promise<SyncSummary>>();
  const timers: NodeJS.Timeout[] = [];
  const enabled = sources.filter((s) => s.enabled);

  const run = (s: SourceEntry): Promise<SyncSummary> => {
    const current = running.get(s.id);
    if (current) return current;
    const p = (async () => {
      try {
        const summary = await syncSource(deps, sourceFromConfig(s), { signal: abort.signal });
        deps.log.info({ source: s.id, status: summary.status, counts: summary.counts, error: summary.error }, 'sync finished');
        return summary;
      } catch (e) {
        deps.log.error({ source: s.id, error: (e as Error).message }, 'sync could not start');
        return { runId: -1, sourceId: s.id, status: 'failed' as const, counts: emptySyncCounts(), cursor: null, error: (e as Error).message, withdrawalsSkipped: [], retries: 0 };
      } finally {
        running.delete(s.id);
      }
    })();
    running.set(s.id, p);
    return p;
  };

  const firstRound = (async () => {
    const out: SyncSummary[] = [];
    for (const s of enabled) {
      if (abort.signal.aborted) break;
      out.push(await run(s));
    }
    for (const s of enabled) {
      const t = setInterval(() => void run(s), s.schedule.everySeconds * 1000);
      t.unref();
      timers.push(t);
    }
    return out;
  })();

  return {
    firstRound,
    runNow(id) {
      const s = enabled.find((x) => x.id === id);
      if (!s) return Promise.reject(new Error(`no enabled source "${id}"`));
      return run(s);
    },
    async stop() {
      abort.abort();
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running.values(), firstRound]);
    },
  };
}
