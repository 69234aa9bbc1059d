/**
 * On PostgreSQL, drizzle's statements with parameters run as named prepared statements
 * (described once per connection, then one round trip each), up to a bound of distinct
 * texts; texts beyond it run unnamed, so a process that builds ever new texts does not
 * pile up prepared statements in PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

let tdb: TestDatabase;
let database: Database;
const onPostgres = Boolean(process.env.DATABASE_URL);

beforeAll(async () => {
  tdb = await createTestDatabase();
  // One connection, so pg_prepared_statements (per session) sees every statement.
  database = await openDatabase({ url: tdb.url, dataDir: 'memory://', poolSize: 1 });
}, 60_000);
afterAll(async () => {
  await database?.close();
  await tdb?.drop();
});

const prepared = async () => Number((await database.query<{ n: string }>('select count(*) as n from pg_prepared_statements'))[0]!.n);

it.skipIf(!onPostgres)('prepares each text with parameters once, up to the bound, and runs the rest unnamed', async () => {
  const before = await prepared();
  for (let i = 0; i < 3; i++) expect(await database.db.execute(sql`select ${i}::int + 1 as n`)).toEqual([{ n: i + 1 }]);
  expect(await prepared()).toBe(before + 1);
  // 600 distinct texts: 500 prepared in all, the rest answered just the same.
  for (let i = 0; i < 600; i++) {
    const text = sql.join([sql`select ${i}::int as n`, sql.raw(` -- text ${i}`)]);
    expect(await database.db.execute(text)).toEqual([{ n: i }]);
  }
  expect(await prepared()).toBe(before + 500);
});
