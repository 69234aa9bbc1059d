/**
 * test/support/db
 *
 * Where a test file's hub stores data: PGlite in memory by default, or — when
 * DATABASE_URL is set — a fresh PostgreSQL database created for this file and dropped
 * after it, so files run in parallel without touching each other.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';

export interface TestDatabase {
  /** undefined → PGlite in memory */
  readonly url: string | undefined;
  readonly kind: 'pglite' | 'postgres';
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) return { url: undefined, kind: 'pglite', drop: async () => {} };
  const name = `govgraph_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    kind: 'postgres',
    async drop() {
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/**
 * A migrated database for this test file, opened in `beforeAll` and closed and dropped in
 * `afterAll`: `get()` answers once it is ready.
 */
export function migratedTestDatabase(): { get(): { tdb: TestDatabase; database: Database } } {
  let ready: { tdb: TestDatabase; database: Database } | undefined;
  beforeAll(async () => {
    const tdb = await createTestDatabase();
    const database = await openDatabase({ url: tdb.url });
    await database.migrate();
    ready = { tdb, database };
  });
  afterAll(async () => {
    await ready?.database.close();
    await ready?.tdb.drop();
  });
  return {
    get() {
      if (!ready) throw new Error('the test database is not open yet (use it inside a test)');
      return ready;
    },
  };
}
