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

/** What the bus pushes into. Overflowing its bound ends it and calls `onOverflow`. */
export class LiveQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiter: ((r: IteratorResult<T>) => void) | null = null;
  private closed = false;

  constructor(
    readonly matches: (item: T) => boolean,
    private readonly maxQueued: number,
    private readonly onEnd: () => void,
    private readonly onOverflow: () => void,
  ) {}

  get queued(): number {
    return this.items.length;
  }

  /** Called by the bus for every new item of its stream. */
  offer(item: T): void {
    if (this.closed || !this.matches(item)) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w({ value: item, done: false });
      return;
    }
    this.items.push(item);
    if (this.items.length > this.maxQueued) {
      // A consumer this far behind is dropped; the log keeps everything for its reconnect.
      this.end();
      this.onOverflow();
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
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
