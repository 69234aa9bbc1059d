/**
 * db/statement-stats
 *
 * SQL statements and SQL time per operation, for the request log and the metrics: an
 * operation runs inside `withStatementStats`, and every statement issued on the counted
 * handles under it (AsyncLocalStorage follows the awaits) adds to its tally — one count
 * when drizzle or the planner issues it, its time from issue to result. The hub's own
 * bookkeeping (the read audit, the event bus) runs on uncounted handles and is not in it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface StatementStats {
  statements: number;
  sqlMs: number;
}

const store = new AsyncLocalStorage<StatementStats>();

export const withStatementStats = <T>(stats: StatementStats, fn: () => T): T => store.run(stats, fn);

export const currentStatementStats = (): StatementStats | undefined => store.getStore();

let inFlight = 0;

/** Statements issued on the counted handles and not yet answered, in this process (the pool's load, for the metrics). */
export const statementsInFlight = (): number => inFlight;

/**
 * `p`, counted in flight from when it is awaited (postgres.js sends a query then) until it
 * settles, its time added to the current operation's SQL time.
 */
export function timed<P extends PromiseLike<unknown>>(p: P): P {
  const stats = store.getStore();
  const then = p.then.bind(p);
  // The query object itself (postgres.js chains `.values()` on it) with a timed `then`.
  Object.defineProperty(p, 'then', {
    configurable: true,
    value: (ok?: (v: unknown) => unknown, fail?: (e: unknown) => unknown) => {
      const started = performance.now();
      inFlight++;
      let done = false;
      const settle = () => {
        if (done) return;
        done = true;
        inFlight--;
        if (stats) stats.sqlMs += performance.now() - started;
      };
      return then(
        (v) => {
          settle();
          return ok ? ok(v) : v;
        },
        (e) => {
          settle();
          if (fail) return fail(e);
          throw e;
        },
      );
    },
  });
  return p;
}

/** `target` with the method `name` timed (a driver client handed to drizzle); everything else as it is. */
export function timedMethod<T extends object>(target: T, name: string): T {
  return new Proxy(target, {
    get(t, p) {
      const v = Reflect.get(t, p, t) as unknown;
      if (typeof v !== 'function') return v;
      if (p === name) return (...args: unknown[]) => timed((v as (...a: unknown[]) => PromiseLike<unknown>).apply(t, args));
      return (v as (...a: unknown[]) => unknown).bind(t);
    },
    apply(t, thisArg, args) {
      return Reflect.apply(t as (...a: unknown[]) => unknown, thisArg, args);
    },
  });
}
