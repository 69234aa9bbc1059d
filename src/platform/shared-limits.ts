/**
 * platform/shared-limits
 *
 * The per-principal limits held across every hub on one database, with rate-limiter-
 * flexible's PostgreSQL store over the hub's own connection (`rate_limit`): the lookup
 * budget (`lookupsPerMinute` per principal per clock minute), operations running
 * (`maxConcurrentPerPrincipal`) and WebSocket connections (`maxConnectionsPerPrincipal`).
 * The last two are counters taken at the start and given back at the end; a hub that dies
 * holding some leaves them counted until their window ends (operations: twice the
 * operation time limit; sockets: an hour), then they are forgotten. A store that cannot
 * answer refuses (fail closed): RATE_LIMITED, reason LIMITS_UNAVAILABLE.
 *
 * So that a busy principal does not cost a statement per operation, a hub takes lookups a
 * chunk at a time (a twentieth of the budget; one take at a time per principal, which the
 * operations arriving meanwhile wait for) and spends them locally, and keeps an
 * operation place it has finished with for a moment (`LINGER_MS`, at most half of
 * `concurrencyWaitMs`, so an operation of that principal waiting on another hub still gets
 * the place within its wait) for that principal's next operation before giving it back.
 * The shared counts stay an upper bound: a principal may be refused on one hub while
 * another holds unspent lookups (at most a chunk per hub).
 */
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Database } from '../db/client.js';
import { RequestRefusedError } from '../graphql/errors.js';

export interface SharedLimitSettings {
  readonly lookupsPerMinute: number;
  readonly maxConcurrentPerPrincipal: number;
  readonly concurrencyWaitMs: number;
  readonly timeoutMs: number;
  readonly maxConnectionsPerPrincipal: number;
}

const SOCKET_WINDOW_S = 3600;
/** How long a finished operation's place is kept for the same principal's next one (at most half the wait for a place). */
const LINGER_MS = 250;

/** Places of one principal this hub holds in the shared counter: `free` of them idle, until `windowEnds`. */
interface Lease {
  held: number;
  free: number;
  windowEnds: number;
  timer: NodeJS.Timeout | null;
}

const unavailable = () =>
  new RequestRefusedError('RATE_LIMITED', 'The shared limits cannot be checked right now; retry shortly', { reason: 'LIMITS_UNAVAILABLE', retryAfterSeconds: 1 }, { status: 429, headers: new Map([['retry-after', '1']]) });

export class SharedLimits {
  private readonly lookups: RateLimiterPostgres;
  private readonly operations: RateLimiterPostgres;
  private readonly sockets: RateLimiterPostgres;
  /** Lookups taken from the shared budget and not yet spent, per principal. */
  private readonly tokens = new Map<string, { left: number; windowEnds: number }>();
  /** A take from the shared budget under way, per principal. */
  private readonly taking = new Map<string, Promise<void>>();
  /** Socket places being given back, per principal. */
  private readonly returningSockets = new Map<string, Set<Promise<void>>>();
  private readonly leases = new Map<string, Lease>();
  private readonly chunk: number;
  /** How long a finished place lingers: shorter than the wait for one, so no hub's waiting operation is refused for it. */
  private readonly lingerMs: number;

  constructor(database: Database, private readonly s: SharedLimitSettings) {
    // The library's own SQL, run as the hub's parameterised statements (PostgreSQL or PGlite alike).
    const storeClient = { query: async (q: { text: string; values: unknown[] }) => {
      const rows = await database.query(q.text, q.values);
      return { rows, rowCount: rows.length };
    } };
    const store = { storeClient, storeType: 'pool', tableName: 'rate_limit', tableCreated: true, clearExpiredByTimeout: true } as const;
    this.lookups = new RateLimiterPostgres({ ...store, keyPrefix: 'lookups', points: s.lookupsPerMinute, duration: 60 });
    this.operations = new RateLimiterPostgres({ ...store, keyPrefix: 'ops', points: s.maxConcurrentPerPrincipal, duration: Math.ceil((2 * s.timeoutMs) / 1000) });
    this.sockets = new RateLimiterPostgres({ ...store, keyPrefix: 'ws', points: s.maxConnectionsPerPrincipal, duration: SOCKET_WINDOW_S });
    this.chunk = Math.max(1, Math.ceil(s.lookupsPerMinute / 20));
    this.lingerMs = Math.min(LINGER_MS, Math.floor(s.concurrencyWaitMs / 2));
  }

  /**
   * Takes `n` lookups from the principal's budget on every hub, or refuses the operation.
   * One take from the shared budget at a time per principal: operations arriving while it
   * is under way wait for it and spend what it brought, rather than each taking a chunk.
   */
  async takeLookups(principalId: string, n: number): Promise<void> {
    for (;;) {
      const local = this.tokens.get(principalId);
      if (local && Date.now() < local.windowEnds && local.left >= n) {
        local.left -= n;
        return;
      }
      const under = this.taking.get(principalId);
      if (!under) break;
      await under.catch(() => {});
    }
    const take = this.takeShared(principalId, n);
    this.taking.set(principalId, take);
    try {
      await take;
    } finally {
      if (this.taking.get(principalId) === take) this.taking.delete(principalId);
    }
  }

  /** A chunk from the shared budget if it has one left (kept for the next operations), else exactly `n`. */
  private async takeShared(principalId: string, n: number): Promise<void> {
    for (const take of n < this.chunk ? [this.chunk, n] : [n]) {
      try {
        const res = await this.lookups.consume(principalId, take);
        // What is left of this window's earlier chunk stays spendable beside the new one.
        const local = this.tokens.get(principalId);
        const carried = local && Date.now() < local.windowEnds ? local.left : 0;
        this.tokens.set(principalId, { left: carried + take - n, windowEnds: Date.now() + res.msBeforeNext });
        return;
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw unavailable();
        // The library counts a refused take too: given back, so a refusal costs nothing, as on one hub.
        await this.lookups.reward(principalId, take).catch(() => {});
        if (take > n) continue;
        this.refuseLookups(e);
      }
    }
  }

  private refuseLookups(e: RateLimiterRes): never {
    const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw new RequestRefusedError(
      'RATE_LIMITED', `Too many lookups: at most ${this.s.lookupsPerMinute} a minute across all hubs; retry in ${retryAfterSeconds} s`,
      { limit: 'lookupsPerMinute', max: this.s.lookupsPerMinute, retryAfterSeconds },
      { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    );
  }

  /** A place among the principal's operations on every hub, waiting up to `concurrencyWaitMs`; resolves with its release (settled once given back). */
  async acquireOperation(principalId: string): Promise<() => Promise<void>> {
    const held = this.leases.get(principalId);
    if (held && held.free > 0 && Date.now() < held.windowEnds) {
      held.free--;
      return this.lingering(principalId, held);
    }
    const until = Date.now() + this.s.concurrencyWaitMs;
    for (;;) {
      const windowEnds = await this.take(this.operations, principalId);
      if (windowEnds !== null) {
        const lease = this.leases.get(principalId);
        // Places taken in an earlier window are no longer counted: start this principal's lease afresh.
        const current = lease && Math.abs(lease.windowEnds - windowEnds) < 1000 ? lease : { held: 0, free: 0, windowEnds, timer: null };
        if (current !== lease) {
          if (lease?.timer) clearTimeout(lease.timer);
          this.leases.set(principalId, current);
        }
        current.held++;
        return this.lingering(principalId, current);
      }
      if (Date.now() >= until) {
        throw new RequestRefusedError(
          'RATE_LIMITED', `At most ${this.s.maxConcurrentPerPrincipal} operations of one caller run at once across all hubs; retry in a moment`,
          { reason: 'TOO_MANY_CONCURRENT', limit: 'maxConcurrentPerPrincipal', max: this.s.maxConcurrentPerPrincipal, retryAfterSeconds: 1 },
          { status: 429, headers: new Map([['retry-after', '1']]) },
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The release of one leased place: kept idle for the principal's next operation, given back once none came. */
  private lingering(principalId: string, lease: Lease): () => Promise<void> {
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      lease.free++;
      lease.timer ??= setTimeout(() => {
        lease.timer = null;
        const back = lease.free;
        lease.free = 0;
        lease.held -= back;
        if (lease.held === 0 && this.leases.get(principalId) === lease) this.leases.delete(principalId);
        if (back > 0 && Date.now() < lease.windowEnds) void this.operations.reward(principalId, back).catch(() => {});
      }, this.lingerMs);
      lease.timer.unref();
    };
  }

  /**
   * A socket place for the principal across every hub; null when its quota is full. Places
   * this hub is still giving back (a socket just closed) are given back first, so a client
   * that closes one socket and opens another is not refused for the one it closed.
   */
  async openSocket(principalId: string): Promise<(() => Promise<void>) | null> {
    const returning = this.returningSockets.get(principalId);
    if (returning) await Promise.all(returning);
    const windowEnds = await this.take(this.sockets, principalId);
    if (windowEnds === null) return null;
    const giveBack = this.giveBack(this.sockets, principalId, windowEnds);
    return () => {
      const back = giveBack();
      let set = this.returningSockets.get(principalId);
      if (!set) this.returningSockets.set(principalId, (set = new Set()));
      set.add(back);
      void back.finally(() => {
        set.delete(back);
        if (set.size === 0 && this.returningSockets.get(principalId) === set) this.returningSockets.delete(principalId);
      });
      return back;
    };
  }

  /** Takes one place; when its counter's window ends (ms since the epoch), or null when none is free. */
  private async take(limiter: RateLimiterPostgres, key: string): Promise<number | null> {
    try {
      const res = await limiter.consume(key, 1);
      return Date.now() + res.msBeforeNext;
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw unavailable();
      await limiter.reward(key, 1).catch(() => {});
      return null;
    }
  }

  /** Gives the place back — unless its window has ended, when the counter has started again empty without it. */
  private giveBack(limiter: RateLimiterPostgres, key: string, windowEnds: number): () => Promise<void> {
    let done = false;
    return async () => {
      if (done || Date.now() >= windowEnds) return;
      done = true;
      await limiter.reward(key, 1).catch(() => {});
    };
  }
}
