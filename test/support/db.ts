/**
 * test/support/db
 *
 * Where a test file's hub stores data: PGlite in memory by default, or — when
 * DATABASE_URL is set — a fresh PostgreSQL database created for this file and dropped
 * after it, so files run in parallel without touching each other.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

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
