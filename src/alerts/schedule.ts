/**
 * alerts/schedule
 *
 * Runs the time-based rules every `scheduleSeconds` (first after the first ingest round,
 * so a new hub judges the data it just loaded) and prunes entity changes past their
 * retention. One run at a time; a failed run is logged and retried next time.
 */
import type { Logger } from 'pino';
import type { AlertSettings } from '../config.js';
import type { Database } from '../db/client.js';
import { pruneChanges } from './log.js';
import { evaluateScheduled } from './scheduled.js';

export interface AlertSchedule {
  /** Runs the schedule now (or joins the run under way). */
  runNow(): Promise<{ alerts: number; pruned: number }>;
  stop(): Promise<void>;
}

export function startAlertSchedule(
  database: Database,
  settings: Pick<AlertSettings, 'scheduleSeconds' | 'changeRetentionDays'>,
  o: { log: Pick<Logger, 'info' | 'error'>; now?: () => Date; after?: Promise<unknown> },
): AlertSchedule {
  const now = o.now ?? (() => new Date());
  let running: Promise<{ alerts: number; pruned: number }> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const run = () => {
    running ??= (async () => {
      try {
        const at = now();
        const { alerts } = await evaluateScheduled(database, at);
        const pruned = await pruneChanges(database.background, new Date(at.getTime() - settings.changeRetentionDays * 86_400_000));
        if (alerts || pruned) o.log.info({ alerts, pruned }, 'scheduled alert rules ran');
        return { alerts, pruned };
      } catch (e) {
        if (!stopped) o.log.error({ err: (e as Error).message }, 'scheduled alert rules failed');
        return { alerts: 0, pruned: 0 };
      } finally {
        running = null;
      }
    })();
    return running;
  };

  void (o.after ?? Promise.resolve()).catch(() => {}).then(() => {
    if (stopped) return;
    void run();
    timer = setInterval(() => void run(), settings.scheduleSeconds * 1000);
    timer.unref();
  });

  return {
    runNow: run,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
