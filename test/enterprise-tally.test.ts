/**
 * The enterprise tally: after ingest, and after every kind of write the database takes
 * (the merge's inserts and updates, a change of division or status, a null division,
 * deletes, a truncate), it holds exactly what `count(*)` grouped by division and status
 * says. A connection's `totalCount` reads it exactly when the filter and the row scope read
 * nothing else: a tally row no enterprise stands behind changes the count of every filter
 * on division or status (and a district office's count when it lies in the district), and
 * of no filter on any other field or link, on both read paths.
 */
import 'reflect-metadata';
import { getTableColumns } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprise, enterpriseTally } from '../schema/index.js';
import type { Db } from '../src/db/client.js';
import { EnterpriseAnalyst } from '../src/graphql/enterprise/enterprise.analyst.js';
import { upsertRows } from '../src/ingest/upsert.js';
import { bearer, DEMO_KEYS } from './support/keys.js';
import { startSettledHub, type TestHub } from './support/hub.js';

let t: TestHub;

beforeAll(async () => {
  t = await startSettledHub({ enterprises: 150 });
}, 180_000);
afterAll(async () => t?.stop());

type Group = { d: string | null; s: string; n: number };
const sorted = (groups: Group[]) => groups.map((g) => `${g.d}|${g.s}|${g.n}`).sort();
const tally = async () => sorted(await t.hub.database.query<Group>('select division_code as d, status as s, n::int as n from enterprise_tally where n <> 0'));
const actual = async () => sorted(await t.hub.database.query<Group>('select division_code as d, status as s, count(*)::int as n from enterprise group by 1, 2'));

/** `totalCount` of `enterprises(filter)` with the planner on and off (both must agree), as `key`. */
async function countOf(filter: Record<string, unknown>, key: string = DEMO_KEYS.admin): Promise<number> {
  const counts: number[] = [];
  for (const planned of [true, false]) {
    t.hub.planner.enabled = planned;
    const res = await t.gql('query($f: EnterpriseFilter) { enterprises(filter: $f, first: 1) { totalCount } }', { f: filter }, { authorization: bearer(key) });
    expect(res.body.errors, JSON.stringify(filter)).toBeUndefined();
    counts.push(res.body.data.enterprises.totalCount);
  }
  t.hub.planner.enabled = true;
  expect(counts[0], `${JSON.stringify(filter)}: planner = resolvers`).toBe(counts[1]);
  return counts[0]!;
}

describe('the tally', () => {
  it('equals the grouped count after ingest', async () => {
    expect((await actual()).length).toBeGreaterThan(3);
    expect(await tally()).toEqual(await actual());
  });

  it('a tally row no enterprise stands behind counts exactly for filters that read division and status alone', async () => {
    // Two phantom groups with a status no enterprise has: one in Shushan (340104), one in Wuhu (340202).
    const phantom = [{ d: '340104', s: '测试', n: 1000 }, { d: '340202', s: '测试', n: 10 }];
    const cases: { filter: Record<string, unknown>; tallied: number }[] = [
      { filter: {}, tallied: 1010 },
      { filter: { status: { eq: 'SUBSISTING' } }, tallied: 0 },
      { filter: { status: { ne: 'SUBSISTING' } }, tallied: 1010 },
      { filter: { divisionCode: { within: '340100' } }, tallied: 1000 },
      { filter: { and: [{ divisionCode: { within: '340000' } }, { not: { status: { in: ['SUBSISTING'] } } }] }, tallied: 1010 },
      { filter: { or: [{ divisionCode: { in: ['340202'] } }, { status: { isNull: true } }] }, tallied: 10 },
    ];
    // Every other field and every link reads beyond the tally: counted over the rows.
    for (const field of Object.keys(EnterpriseAnalyst.fields)) {
      cases.push({ filter: { [field]: { isNull: false } }, tallied: field in getTableColumns(enterpriseTally) ? 1010 : 0 });
    }
    for (const [name, rel] of Object.entries(EnterpriseAnalyst.relations)) cases.push({ filter: { [name]: rel.one ? {} : { some: {} } }, tallied: 0 });
    const shushan = async () => countOf({}, DEMO_KEYS.marketShushan);

    // One at a time: countOf switches the hub's planner on and off around each request.
    const countAll = async () => {
      const out: number[] = [];
      for (const c of cases) out.push(await countOf(c.filter));
      return out;
    };
    const before = await countAll();
    const shushanBefore = await shushan();
    await t.hub.database.query(`insert into enterprise_tally (division_code, status, n) values ${phantom.map((p) => `('${p.d}', '${p.s}', ${p.n})`).join(', ')}`);
    try {
      const after = await countAll();
      cases.forEach((c, i) => expect(after[i]! - before[i]!, JSON.stringify(c.filter)).toBe(c.tallied));
      // The district office's own scope is a division predicate on the tally too: its phantom counts, Wuhu's does not.
      expect((await shushan()) - shushanBefore).toBe(1000);
    } finally {
      await t.hub.database.query(`delete from enterprise_tally where status = '测试'`);
    }
    expect(await tally()).toEqual(await actual());
  });

  it('follows the merge, a changed division or status, a null division, deletes and a truncate', async () => {
    const { db } = t.hub.database;
    const firm = (n: number, divisionCode: string | null, status: string, hash: string) => ({
      uscc: `91340100MA2TAL${String(n).padStart(3, '0')}X`, name: `计数企业${n}`, status, divisionCode, sourceId: 'tally-test', sourceKey: `t${n}`, fetchedAt: new Date(), contentHash: hash,
    });
    const merge = (rows: ReturnType<typeof firm>[]) => db.transaction((tx) => upsertRows(tx as unknown as Db, enterprise, [enterprise.uscc], rows));
    await merge([firm(1, '340104', '存续', 'a'), firm(2, '340104', '存续', 'a'), firm(3, null, '吊销', 'a'), firm(4, null, '吊销', 'a')]);
    expect(await tally()).toEqual(await actual());
    // An update that moves one firm to another county, one to another status, one out of "no division", and leaves one as it was.
    await merge([firm(1, '340202', '存续', 'b'), firm(2, '340104', '注销', 'b'), firm(3, '340104', '吊销', 'b'), firm(4, null, '吊销', 'a')]);
    expect(await tally()).toEqual(await actual());
    await t.hub.database.query(`update enterprise set status = '迁出' where uscc like '91340100MA2TAL%'`);
    expect(await tally()).toEqual(await actual());
    await t.hub.database.query(`delete from enterprise where uscc like '91340100MA2TAL%'`);
    expect(await tally()).toEqual(await actual());
    // A transaction that is rolled back leaves the tally as it was.
    await db.transaction(async (tx) => {
      await upsertRows(tx as unknown as Db, enterprise, [enterprise.uscc], [firm(5, '340104', '存续', 'a')]);
      tx.rollback();
    }).catch(() => undefined);
    expect(await tally()).toEqual(await actual());
    // Writers at once (separate connections on PostgreSQL) adding to the same groups: every one of them counts.
    const wave = (w: number) => Array.from({ length: 10 }, (_x, i) => firm(100 + w * 10 + i, i % 2 ? '340104' : null, i % 3 ? '存续' : '吊销', 'c'));
    await Promise.all([0, 1, 2, 3].map((w) => merge(wave(w))));
    expect(await tally()).toEqual(await actual());
    await t.hub.database.query('truncate enterprise cascade');
    expect(await tally()).toEqual([]);
    expect(await countOf({ status: { eq: 'SUBSISTING' } })).toBe(0);
  });
});
