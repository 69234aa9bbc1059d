/**
 * server/concurrency
 *
 * Fair under load: one principal may run at most `maxConcurrentPerPrincipal` operations at
 * once (HTTP operations and WebSocket queries alike). The next ones wait, first come first
 * served, up to `concurrencyWaitMs`; past that they are refused with RATE_LIMITED (HTTP 429,
 * `Retry-After`) and nothing of them runs. Twenty heavy queries from one key then hold a
 * few of the database's connections, never all of them, and another key's cheap query is
 * served meanwhile. Per hub process, and — with shared limits — across all hubs as well.
 */
import { RequestRefusedError } from '../graphql/errors.js';
import type { SharedLimits } from '../platform/shared-limits.js';

interface Waiter {
  readonly go: () => void;
  readonly timer: NodeJS.Timeout;
}

export class PrincipalConcurrency {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, Waiter[]>();
  /** The most operations one principal has had running at once (for tests and metrics). */
  maxSeen = 0;

  constructor(
    private readonly max: number,
    private readonly waitMs: number,
    /** Held across every hub on the database too (platform/shared-limits). */
    private readonly shared: Pick<SharedLimits, 'acquireOperation'> | null = null,
  ) {}

  /** Waits for a place (on this hub, then among all hubs); resolves with its release (call it exactly once). */
  async acquire(principalId: string): Promise<() => void> {
    const local = await this.acquireHere(principalId);
    if (!this.shared) return local;
    try {
      const everywhere = await this.shared.acquireOperation(principalId);
      // The shared place is given back before this hub's: the next waiter here then finds it free.
      return () => void everywhere().finally(local);
    } catch (e) {
      local();
      throw e;
    }
  }

  private async acquireHere(principalId: string): Promise<() => void> {
    const n = this.running.get(principalId) ?? 0;
    if (n < this.max) {
      this.take(principalId);
      return this.releaser(principalId);
    }
    await new Promise<void>((resolve, reject) => {
      const queue = this.waiting.get(principalId) ?? [];
      const timer = setTimeout(() => {
        queue.splice(queue.indexOf(waiter), 1);
        reject(new RequestRefusedError(
          'RATE_LIMITED', `At most ${this.max} operations of one caller run at once; retry in a moment`,
          { reason: 'TOO_MANY_CONCURRENT', limit: 'maxConcurrentPerPrincipal', max: this.max, retryAfterSeconds: 1 },
          { status: 429, headers: new Map([['retry-after', '1']]) },
        ));
      }, this.waitMs);
      const waiter: Waiter = { go: resolve, timer };
      queue.push(waiter);
      this.waiting.set(principalId, queue);
    });
    return this.releaser(principalId);
  }

  private take(principalId: string): void {
    const n = (this.running.get(principalId) ?? 0) + 1;
    this.running.set(principalId, n);
    this.maxSeen = Math.max(this.maxSeen, n);
  }

  private releaser(principalId: string): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiting.get(principalId)?.shift();
      if (next) {
        // The place passes straight to the next waiter.
        clearTimeout(next.timer);
        next.go();
        return;
      }
      const n = (this.running.get(principalId) ?? 1) - 1;
      if (n > 0) this.running.set(principalId, n);
      else this.running.delete(principalId);
      if (this.waiting.get(principalId)?.length === 0) this.waiting.delete(principalId);
    };
  }
}
