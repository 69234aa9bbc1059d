/**
 * alerts/bus
 *
 * One per hub process: LISTENs on the log channel, and on every notice (or every
 * `pollMs`, or after a reconnect) reads the log rows after the last ones it has seen — one
 * query per burst, whatever the number of subscribers — and offers them, in id order, to
 * every live queue of that stream. Two hub processes on one PostgreSQL each run a bus,
 * so a change committed through either reaches the subscribers of both. On PGlite the
 * same code path runs inside one process.
 */
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { alertsAfter, changesAfter, highWater, LOG_CHANNEL, type AlertRow, type ChangeRow, type LogNotice } from './log.js';
import { LiveQueue, type QueueLimits } from './stream.js';

export interface BusOptions {
  /** Safety net when a notice is lost. @default 2000 */
  readonly pollMs?: number;
  /** Rows read per query. @default 1000 */
  readonly pageSize?: number;
  readonly log?: Pick<Logger, 'warn' | 'error'>;
}

interface StreamState<T> {
  last: number;
  readonly queues: Set<LiveQueue<T>>;
}

export interface BusStats {
  readonly subscribers: number;
  readonly lastAlert: number;
  readonly lastChange: number;
}

export class LogBus {
  private readonly alerts: StreamState<AlertRow> = { last: 0, queues: new Set() };
  private readonly changes: StreamState<ChangeRow> = { last: 0, queues: new Set() };
  private pumping: Promise<void> | null = null;
  private again = false;
  private askLog = true;
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private stopped = false;

  private constructor(
    private readonly database: Database,
    private readonly options: BusOptions,
  ) {}

  static async start(database: Database, options: BusOptions = {}): Promise<LogBus> {
    const bus = new LogBus(database, options);
    const hw = await highWater(database.background);
    bus.alerts.last = hw.alert;
    bus.changes.last = hw.change;
    const sub = await database.listen(LOG_CHANNEL, (payload) => bus.notice(payload), () => bus.wake());
    bus.unlisten = sub.unlisten;
    bus.timer = setInterval(() => {
      bus.sweep();
      void bus.wake();
    }, options.pollMs ?? 2000);
    bus.timer.unref();
    return bus;
  }

  /** The id after which a subscriber without a cursor starts. */
  liveFrom(stream: 'alert' | 'change'): number {
    return stream === 'alert' ? this.alerts.last : this.changes.last;
  }

  subscribeAlerts(matches: (a: AlertRow) => boolean, limits: QueueLimits, onSlow: () => void): LiveQueue<AlertRow> {
    return this.add(this.alerts, matches, limits, onSlow);
  }

  subscribeChanges(matches: (c: ChangeRow) => boolean, limits: QueueLimits, onSlow: () => void): LiveQueue<ChangeRow> {
    return this.add(this.changes, matches, limits, onSlow);
  }

  /** Drops subscribers that stalled while no new event arrived to notice it. */
  sweep(): void {
    for (const q of [...this.alerts.queues, ...this.changes.queues]) q.checkStall();
  }

  stats(): BusStats {
    return { subscribers: this.alerts.queues.size + this.changes.queues.size, lastAlert: this.alerts.last, lastChange: this.changes.last };
  }

  /**
   * A NOTIFY from a committing transaction. Its ids move an unwatched stream forward
   * without a query (everything up to them is committed: ids are commit-ordered).
   */
  private notice(payload: string): void {
    try {
      const n = JSON.parse(payload) as LogNotice;
      if (typeof n.alert === 'number' && this.alerts.queues.size === 0) this.alerts.last = Math.max(this.alerts.last, n.alert);
      if (typeof n.change === 'number' && this.changes.queues.size === 0) this.changes.last = Math.max(this.changes.last, n.change);
    } catch {
      // Not ours to judge: the log read below is the truth either way.
    }
    void this.read(false);
  }

  /** Reads and fans out whatever is new now; resolves when delivered (tests and benchmarks use it). */
  wake(): Promise<void> {
    return this.read(true);
  }

  /** `askLog`: move unwatched streams by asking the log (a poll, a reconnect) rather than trusting a notice. */
  private read(askLog: boolean): Promise<void> {
    if (askLog) this.askLog = true;
    if (this.stopped) return Promise.resolve();
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
    });
    return this.pumping;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.pumping?.catch(() => {});
    await this.unlisten?.().catch(() => {});
    for (const q of [...this.alerts.queues, ...this.changes.queues]) await q.return();
  }

  private add<T>(state: StreamState<T>, matches: (t: T) => boolean, limits: QueueLimits, onSlow: () => void): LiveQueue<T> {
    const q: LiveQueue<T> = new LiveQueue(matches, limits, () => state.queues.delete(q), onSlow);
    state.queues.add(q);
    return q;
  }

  private async pump(): Promise<void> {
    const page = this.options.pageSize ?? 1000;
    do {
      this.again = false;
      try {
        // After a notice the unwatched stream has already moved; a poll or reconnect asks the log.
        if (this.askLog && (this.alerts.queues.size === 0 || this.changes.queues.size === 0)) {
          this.askLog = false;
          await this.skipUnwatched();
        }
        await this.drain(this.alerts, (after) => alertsAfter(this.database.background, after, page), page);
        await this.drain(this.changes, (after) => changesAfter(this.database.background, after, page), page);
      } catch (e) {
        // The next notice or poll retries from the same ids: nothing is skipped.
        if (!this.stopped) this.options.log?.error({ err: (e as Error).message }, 'event log read failed');
        return;
      }
    } while (this.again && !this.stopped);
  }

  /**
   * A stream nobody watches is not read row by row (an initial load writes millions of
   * changes): its position jumps to the current end. Only if still nobody watches after
   * the read — a subscriber that arrived meanwhile started from the old position.
   */
  private async skipUnwatched(): Promise<void> {
    const hw = await highWater(this.database.background);
    if (this.alerts.queues.size === 0) this.alerts.last = Math.max(this.alerts.last, hw.alert);
    if (this.changes.queues.size === 0) this.changes.last = Math.max(this.changes.last, hw.change);
  }

  private async drain<T extends { id: number }>(state: StreamState<T>, read: (after: number) => Promise<T[]>, page: number): Promise<void> {
    for (;;) {
      if (state.queues.size === 0) return;
      const rows = await read(state.last);
      for (const row of rows) {
        state.last = row.id;
        for (const q of state.queues) q.offer(row);
      }
      if (rows.length < page || this.stopped) return;
    }
  }
}
