/**
 * The shared limits count what is really used. Operations arriving together while the hub
 * takes a chunk from the shared lookup budget wait for it and spend that chunk, rather than
 * each taking one — so a principal gets its whole `lookupsPerMinute`, however many of its
 * operations run at once, and not a lookup more. A socket closed on this hub frees its
 * place before the same key's next socket takes one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { SharedLimits } from '../../src/platform/shared-limits.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const BUDGET = 200;
let tdb: TestDatabase;
let database: Database;

beforeAll(async () => {
  tdb = await createTestDatabase();
  database = await openDatabase({ url: tdb.url, dataDir: 'memory://' });
  await database.migrate();
}, 60_000);
afterAll(async () => {
  await database?.close();
  await tdb?.drop();
});

const settings = { lookupsPerMinute: BUDGET, maxConcurrentPerPrincipal: 4, concurrencyWaitMs: 100, timeoutMs: 5000, maxConnectionsPerPrincipal: 10 };
const taken = async (principal: string) =>
  Number((await database.query<{ points: number }>('select points from rate_limit where key = $1', [`lookups:${principal}`]))[0]?.points ?? 0);

it('operations taking lookups at once share one chunk, and together get the whole budget, no more', async () => {
  const limits = new SharedLimits(database, settings);
  // Ten at once: one chunk (a twentieth of the budget) taken for all ten.
  await Promise.all(Array.from({ length: 10 }, () => limits.takeLookups('burst', 1)));
  expect(await taken('burst')).toBe(BUDGET / 20);
  // The rest of the budget, ten at a time: every one served.
  const outcomes: PromiseSettledResult<void>[] = [];
  for (let i = 10; i < BUDGET; i += 10) outcomes.push(...(await Promise.allSettled(Array.from({ length: 10 }, () => limits.takeLookups('burst', 1)))));
  expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
  expect(await taken('burst')).toBe(BUDGET);
  // Then nothing more this minute, for any number at once.
  const over = await Promise.allSettled(Array.from({ length: 5 }, () => limits.takeLookups('burst', 1)));
  expect(over.map((o) => o.status)).toEqual(Array(5).fill('rejected'));
  expect((over[0] as PromiseRejectedResult).reason.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'lookupsPerMinute', max: BUDGET });
});

it('a socket closed on this hub frees its place for the next one the same key opens, at once', async () => {
  const limits = new SharedLimits(database, { ...settings, maxConnectionsPerPrincipal: 1 });
  let release = await limits.openSocket('sockets');
  expect(release).not.toBeNull();
  expect(await limits.openSocket('sockets')).toBeNull();
  // Close and reopen at once, as a client reconnecting does: never refused for the place it just gave up.
  for (let i = 0; i < 20; i++) {
    void release!();
    release = await limits.openSocket('sockets');
    expect(release, `reopen ${i}`).not.toBeNull();
  }
  expect(await limits.openSocket('sockets')).toBeNull();
});


it('a place another hub has just finished with reaches an operation waiting on this hub within its wait, however short', async () => {
  // Two hubs on one database, one operation at a time per principal. A place lingers on the hub that used it,
  // for that principal's next operation there; an operation waiting on the other hub must still get it in time.
  for (const concurrencyWaitMs of [40, 200, 2000]) {
    const hubA = new SharedLimits(database, { ...settings, maxConcurrentPerPrincipal: 1, concurrencyWaitMs });
    const hubB = new SharedLimits(database, { ...settings, maxConcurrentPerPrincipal: 1, concurrencyWaitMs });
    const principal = `alternating-${concurrencyWaitMs}`;
    for (let i = 0; i < 3; i++) {
      const onA = await hubA.acquireOperation(principal);
      await onA();
      const onB = await hubB.acquireOperation(principal);
      await onB();
    }
  }
});
