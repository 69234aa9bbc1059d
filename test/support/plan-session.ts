/**
 * test/support/plan-session
 *
 * One database session with some of the planner's ways priced out (`enable_sort = off`,
 * `enable_seqscan = off`, …), for tests that EXPLAIN the statements the hub compiles and
 * assert what the plan reads: on PostgreSQL a connection of its own, so the settings hold
 * for every EXPLAIN after them; on PGlite its one session, set back when the file ends.
 */
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../src/db/client.js';
import type { TestDatabase } from './db.js';

export interface PlanSession {
  /** The plan of `text` with `params`, one line per node line. */
  explain(text: string, params: readonly unknown[]): Promise<string[]>;
}

/** A session of `db` (a `migratedTestDatabase`) with each of `settings` off, from `beforeAll` to `afterAll`. */
export function planSession(db: { get(): { tdb: TestDatabase; database: Database } }, settings: readonly string[]): PlanSession {
  let explain: PlanSession['explain'] = () => Promise.reject(new Error('the plan session is not open yet (use it inside a test)'));
  let close = async () => {};
  beforeAll(async () => {
    const { tdb, database } = db.get();
    const off = settings.map((s) => `set ${s} = off`).join('; ');
    if (tdb.url) {
      const one = postgres(tdb.url, { max: 1, onnotice: () => {} });
      await one.unsafe(off);
      explain = async (text, params) => (await one.unsafe(`explain ${text}`, params as never[])).map((r) => r['QUERY PLAN'] as string);
      close = async () => void (await one.end());
    } else {
      await database.exec(off);
      explain = async (text, params) => (await database.query<{ 'QUERY PLAN': string }>(`explain ${text}`, [...params])).map((r) => r['QUERY PLAN']);
      close = async () => database.exec(settings.map((s) => `reset ${s}`).join('; '));
    }
  });
  afterAll(async () => close());
  return { explain: (text, params) => explain(text, params) };
}
