/**
 * alerts/stream
 *
 * One subscriber's view of a log stream: a bounded live queue the bus pushes into, and a
 * replay from the log after a cursor that hands over to the live queue without a gap or a
 * duplicate at the seam (the live queue is registered before the replay starts; ids are
 * commit-ordered; anything at or below the last id delivered is skipped). Both are plain
 * async iterators whose `return()` ends a pending `next()` at once, so a closed socket
 * never leaves a subscriber behind.
 */

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/** How far a live queue may fall behind before its consumer counts as too slow. */
export interface QueueLimits {
  /** Items waiting at most (a memory bound: a burst from one commit must fit). */
  readonly maxQueued: number;
  /** Items waiting while the consumer took none for this long: it has stopped keeping up. */
  readonly maxStallMs: number;
}

/**
 * What the bus pushes into. A consumer that lets items wait without taking any for
 * `maxStallMs`, or lets more than `maxQueued` pile up, is too slow: the queue ends and
 * `onSlow` is called (the log keeps everything for its reconnect). A burst is not
 * slowness: a consumer that keeps taking items is never dropped for a long backlog.
 */
export class LiveQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiter: ((r: IteratorResult<T>) => void) | null = null;
  private closed = false;
  /** Since when items have waited without the consumer taking one (null: nothing waits). */
  private stalledSince: number | null = null;

  constructor(
    private readonly limits: QueueLimits,
    private readonly onEnd: () => void,
    private readonly onSlow: () => void,
    private readonly clock: () => number = Date.now,
  ) {}

  get queued(): number {
    return this.items.length;
  }

  /** Called by the bus for every new item of its stream that the subscriber's filter admits. */
  offer(item: T): void {
    if (this.closed) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w({ value: item, done: false });
      return;
    }
    this.items.push(item);
    this.stalledSince ??= this.clock();
    if (this.items.length > this.limits.maxQueued) this.slow();
    else this.checkStall();
  }

  /** Drops the consumer if it has stalled too long (the bus also sweeps on its poll). */
  checkStall(): void {
    if (!this.closed && this.stalledSince !== null && this.clock() - this.stalledSince > this.limits.maxStallMs) this.slow();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) {
      const value = this.items.shift()!;
      this.stalledSince = this.items.length > 0 ? this.clock() : null;
      return Promise.resolve({ value, done: false });
    }
    if (this.closed) return Promise.resolve(DONE);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  private slow(): void {
    this.end();
    this.onSlow();
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    this.items.length = 0;
    this.onEnd();
    const w = this.waiter;
    this.waiter = null;
    w?.(DONE);
  }
}

const REPLAY_PAGE = 500;

/**
 * Replays `fetchPage` after `afterId` in pages, then continues with `live`. With
 * `afterId` null there is no replay: the stream starts at `liveFrom`.
 */
export class ReplayThenLive<T> implements AsyncIterableIterator<T> {
  private page: T[] = [];
  private replayDone: boolean;
  private last: number;
  private done = false;

  constructor(
    private readonly live: LiveQueue<T>,
    private readonly fetchPage: (afterId: number, limit: number) => Promise<T[]>,
    private readonly idOf: (item: T) => number,
    afterId: number | null,
    liveFrom: number,
  ) {
    this.replayDone = afterId === null;
    this.last = afterId ?? liveFrom;
  }

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.done) return DONE;
      const buffered = this.page.shift();
      if (buffered !== undefined) {
        this.last = this.idOf(buffered);
        return { value: buffered, done: false };
      }
      if (!this.replayDone) {
        const rows = await this.fetchPage(this.last, REPLAY_PAGE);
        if (rows.length < REPLAY_PAGE) this.replayDone = true;
        this.page = rows;
        continue;
      }
      const r = await this.live.next();
      if (r.done) {
        this.done = true;
        return DONE;
      }
      const id = this.idOf(r.value);
      if (id <= this.last) continue;
      this.last = id;
      return r;
    }
  }

  return(): Promise<IteratorResult<T>> {
    this.done = true;
    this.page = [];
    return this.live.return().then(() => DONE);
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}
