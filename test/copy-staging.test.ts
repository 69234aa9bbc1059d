/**
 * The staging path stores exactly what a writer hands it: text with tabs, newlines,
 * carriage returns, backslashes, the literal `\N`, quotes and characters outside the BMP;
 * JSON holding the same (and JSON-looking strings); nulls; dates and numbers. Written twice, the second time changes
 * nothing. A tracked merge reports each written row against its previous version, also
 * when that version was written earlier in the same transaction. Refuses to run outside
 * a transaction (the stage, COPY and merge share one).
 */
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { enterprise } from '../schema/index.js';
import type { Db } from '../src/db/client.js';
import { mergeStaged, stageRows, upsertRows, type TrackedRow } from '../src/ingest/upsert.js';
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

it('a tracked merge reports the columns each row changed and its values before and after', async () => {
  const { database } = db.get();
  const uscc = (n: number) => `91340100MA2N0TXY${n}X`;
  const firm = (n: number, name: string, status: string, hash: string) => ({ ...row(name, hash), uscc: uscc(n), status, sourceKey: `k${n}` });
  const track = { capture: ['name', 'status'], ignore: ['id', 'source_id', 'source_key', 'fetched_at', 'content_hash', 'warnings'] };
  const merge = (tx: Db, rows: ReturnType<typeof firm>[]) => mergeStaged(tx, stageRows(enterprise, [enterprise.uscc], rows, { track }));
  const byUscc = (changed: Record<string, unknown>[]) => new Map(changed.map((r) => [r.uscc as string, r as TrackedRow]));
  await database.db.transaction((tx) => merge(tx as unknown as Db, [firm(1, '甲', '存续', 'a1'), firm(2, '乙', '存续', 'b1'), firm(3, '丙', '存续', 'c1')]));
  const changed = await database.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    // 1 renamed and deregistered, 2 as it was, 3 only re-hashed, 4 new.
    const first = await merge(tx, [firm(1, '甲新', '注销', 'a2'), firm(2, '乙', '存续', 'b1'), firm(3, '丙', '存续', 'c2'), firm(4, '丁', '存续', 'd1')]);
    // The version an earlier statement of this transaction wrote is the one compared.
    const second = await merge(tx, [firm(4, '丁', '吊销', 'd2')]);
    return { first, second };
  });
  expect(changed.first).toMatchObject({ inserted: 1, updated: 2, unchanged: 1 });
  const first = byUscc(changed.first.changed);
  expect([...first.keys()].sort()).toEqual([uscc(1), uscc(3), uscc(4)]);
  expect(first.get(uscc(1))).toMatchObject({ __inserted: false, __fields: ['name', 'status'], __old: { name: '甲', status: '存续' }, __new: { name: '甲新', status: '注销' } });
  expect(first.get(uscc(3))).toMatchObject({ __inserted: false, __fields: [], __old: { name: '丙', status: '存续' } });
  expect(first.get(uscc(4))).toMatchObject({ __inserted: true, __old: null, __new: { name: '丁', status: '存续' } });
  expect(first.get(uscc(4))!.__fields).toEqual(expect.arrayContaining(['name', 'status', 'uscc', 'address']));
  expect(byUscc(changed.second.changed).get(uscc(4))).toMatchObject({ __inserted: false, __fields: ['status'], __old: { status: '存续' }, __new: { status: '吊销' } });
});

it('refuses to stage outside a transaction', async () => {
  const { database } = db.get();
  await expect(upsertRows(database.db, enterprise, [enterprise.uscc], [row('x', 'h3')])).rejects.toThrow(/outside a transaction/);
});
