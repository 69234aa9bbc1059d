/**
 * alerts/bus
 *
 * One per hub process: LISTENs on the log channel, and on every notice (or every
 * `pollMs`, or after a reconnect) reads the log rows after the last ones it has seen — one
 * query per burst, whatever the number of subscribers — and offers them, in id order, to
 * every live queue of that stream whose filter admits them. Subscribers with the same
 * filter (an audience: 10,000 dashboards on a few cities) share one evaluation of it per
 * row. Two hub processes on one PostgreSQL each run a bus,
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

/**
 * Who subscribes with one filter: its `key` names everything the filter depends on (the
 * arguments, the reader's department and division), so every subscriber under that key
 * has the same `matches`, evaluated once per row for all of them.
 */
export interface Audience<T> {
  readonly key: string;
  readonly matches: (item: T) => boolean;
}

interface StreamState<T> {
  last: number;
  readonly audiences: Map<string, { readonly matches: (item: T) => boolean; readonly queues: Set<LiveQueue<T>> }>;
}

const queuesOf = <T>(state: StreamState<T>) => [...state.audiences.values()].flatMap((a) => [...a.queues]);

export interface BusStats {
  readonly subscribers: number;
  readonly lastAlert: number;
  readonly lastChange: number;
}

export class LogBus {
  private readonly alerts: StreamState<AlertRow> = { last: 0, audiences: new Map() };
  private readonly changes: StreamState<ChangeRow> = { last: 0, audiences: new Map() };
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

  subscribeAlerts(audience: Audience<AlertRow>, limits: QueueLimits, onSlow: () => void): LiveQueue<AlertRow> {
    return this.add(this.alerts, audience, limits, onSlow);
  }

  subscribeChanges(audience: Audience<ChangeRow>, limits: QueueLimits, onSlow: () => void): LiveQueue<ChangeRow> {
    return this.add(this.changes, audience, limits, onSlow);
  }

  /** Drops subscribers that stalled while no new event arrived to notice it. */
  sweep(): void {
    for (const q of [...queuesOf(this.alerts), ...queuesOf(this.changes)]) q.checkStall();
  }

  stats(): BusStats {
    let subscribers = 0;
    for (const a of [...this.alerts.audiences.values(), ...this.changes.audiences.values()]) subscribers += a.queues.size;
    return { subscribers, lastAlert: this.alerts.last, lastChange: this.changes.last };
  }

  /**
   * A NOTIFY from a committing transaction. Its ids move an unwatched stream forward
   * without a query (everything up to them is committed: ids are commit-ordered).
   */
  private notice(payload: string): void {
    try {
      const n = JSON.parse(payload) as LogNotice;
      if (typeof n.alert === 'number' && this.alerts.audiences.size === 0) this.alerts.last = Math.max(this.alerts.last, n.alert);
      if (typeof n.change === 'number' && this.changes.audiences.size === 0) this.changes.last = Math.max(this.changes.last, n.change);
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
    for (const q of [...queuesOf(this.alerts), ...queuesOf(this.changes)]) await q.return();
  }

  private add<T>(state: StreamState<T>, audience: Audience<T>, limits: QueueLimits, onSlow: () => void): LiveQueue<T> {
    let group = state.audiences.get(audience.key);
    if (!group) state.audiences.set(audience.key, (group = { matches: audience.matches, queues: new Set() }));
    const members = group.queues;
    const q: LiveQueue<T> = new LiveQueue(limits, () => {
      members.delete(q);
      // The last subscriber gone: its audience goes too (a new one under the key starts afresh).
      if (members.size === 0 && state.audiences.get(audience.key)?.queues === members) state.audiences.delete(audience.key);
    }, onSlow);
    members.add(q);
    return q;
  }

  private async pump(): Promise<void> {
    const page = this.options.pageSize ?? 1000;
    do {
      this.again = false;
      try {
        // After a notice the unwatched stream has already moved; a poll or reconnect asks the log.
        if (this.askLog && (this.alerts.audiences.size === 0 || this.changes.audiences.size === 0)) {
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
    if (this.alerts.audiences.size === 0) this.alerts.last = Math.max(this.alerts.last, hw.alert);
    if (this.changes.audiences.size === 0) this.changes.last = Math.max(this.changes.last, hw.change);
  }

  private async drain<T extends { id: number }>(state: StreamState<T>, read: (after: number) => Promise<T[]>, page: number): Promise<void> {
    for (;;) {
      if (state.audiences.size === 0) return;
      const rows = await read(state.last);
      for (const row of rows) {
        state.last = row.id;
        for (const audience of state.audiences.values()) {
          if (audience.matches(row)) for (const q of audience.queues) q.offer(row);
        }
      }
      if (rows.length < page || this.stopped) return;
    }
  }
}
