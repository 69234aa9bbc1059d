/**
 * The staging path stores exactly what a writer hands it: text with tabs, newlines,
 * carriage returns, backslashes, the literal `\N`, quotes and characters outside the BMP;
 * JSON holding the same (and JSON-looking strings); nulls; dates and numbers. Written twice, the second time changes
 * nothing. Refuses to run outside a transaction (the stage, COPY and merge share one).
 */
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { enterprise } from '../schema/index.js';
import type { Db } from '../src/db/client.js';
import { upsertRows } from '../src/ingest/upsert.js';
import { migratedTestDatabase } from './support/db.js';

const db = migratedTestDatabase();
const awkward = 'a\tb\nc\rd\\e \\N "q" \'s\' 𠀀😀 \\\\t end\\';
const row = (name: string, hash: string) => ({
  uscc: '91340100MA2N0TXY3A', name, status: '存续', address: awkward, registeredCapital: '1234.5', establishedOn: '2020-02-29',
  warnings: [awkward, '{"k": 1}'], legalRepName: null, sourceId: 'copy-test', sourceKey: 'k1', fetchedAt: new Date('2026-11-01T00:00:00Z'), contentHash: hash,
});

it('round-trips awkward text, JSON, nulls, dates and numbers through COPY and the merge', async () => {
  const { database } = db.get();
  const write = (r: ReturnType<typeof row>) => database.db.transaction((tx) => upsertRows(tx as unknown as Db, enterprise, [enterprise.uscc], [r]));
  expect(await write(row(awkward, 'h1'))).toMatchObject({ inserted: 1, updated: 0, unchanged: 0 });
  const [stored] = await database.db.select().from(enterprise).where(eq(enterprise.uscc, '91340100MA2N0TXY3A'));
  expect(stored).toMatchObject({ name: awkward, address: awkward, registeredCapital: '1234.5000', establishedOn: '2020-02-29', legalRepName: null, warnings: [awkward, '{"k": 1}'] });
  expect(stored!.fetchedAt.toISOString()).toBe('2026-11-01T00:00:00.000Z');
  expect(await write(row(awkward, 'h1'))).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
  expect(await write(row('renamed', 'h2'))).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
});

it('refuses to stage outside a transaction', async () => {
  const { database } = db.get();
  await expect(upsertRows(database.db, enterprise, [enterprise.uscc], [row('x', 'h3')])).rejects.toThrow(/outside a transaction/);
});
