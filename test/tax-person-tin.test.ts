/**
 * A natural person's 纳税人识别号 is their resident ID number (an old individual business's,
 * the number and two digits). Rows of such a taxpayer arrive through the tax connector like
 * any other; afterwards the clear number is in no table but `person_identity`'s vault and
 * the operators' own records of what the bureau sent (quarantine, cursors) — every other
 * table is searched — and the taxpayer answers by the ID number or by its pseudonym, with
 * its ratings, arrears and payments, through the planner and through the resolvers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeResidentId } from '../src/simulator/world.js';
import { bearer, DEMO_KEYS } from './support/keys.js';
import { startTestHub, type TestHub } from './support/hub.js';

/** Tables that keep what a source sent as it sent it, for operators (OPERATIONS class), or the clear number by design. */
const KEEPS_SOURCE_KEYS = new Set(['person_identity', 'quarantine', 'sync_state', 'sync_run']);
const STAMP = '2026-11-30T08:00:00Z';
const PERSON = makeResidentId('340104', '1985-03-09', 417);
/** An old individual business: the ID number and a two-digit sequence. */
const SHOP = `${makeResidentId('340111', '1990-12-30', 25)}01`;
/** As the bureau may write it: a lower-case check letter. */
const PERSON_X = makeResidentId('340102', '1979-07-01', 2);

let t: TestHub;

beforeAll(async () => {
  t = await startTestHub({ enterprises: 20 });
  for (const r of await t.hub.scheduler!.firstRound) expect(r.status, `${r.sourceId}: ${r.error}`).toBe('succeeded');
  const q = (text: string, params: unknown[]) => t.hub.database.query(text, params);
  for (const tin of [PERSON, SHOP, PERSON_X.toLowerCase()]) {
    await q(`insert into tax_exchange.taxpayer_t values ($1, '张三', '正常', '合肥市税务局', null, $2)`, [tin, STAMP]);
    await q(`insert into tax_exchange.credit_rating_t values ($1, 2025, 'B', $2)`, [tin, STAMP]);
    await q(`insert into tax_exchange.payments_t values ($1, 2026, 10, '个人所得税', 1234.5, $2)`, [tin, STAMP]);
  }
  await q(`insert into tax_exchange.arrears_t values (900001, $1, '个人所得税', 88, '2026-10-01', '未缴', $2)`, [PERSON, STAMP]);
  expect((await t.hub.scheduler!.runNow('tax')).status).toBe('succeeded');
}, 240_000);
afterAll(async () => t?.stop());

const PROFILE = `query($tin: String!) { taxpayer(tin: $tin) { id tin name provenance { sourceKey contentHash } ratings { year rating } arrears { amount } payments { month amount } } }`;

describe('a taxpayer whose TIN is a person’s ID number', () => {
  it.each([[true], [false]])('answers by the ID number and by its pseudonym (planner %s)', async (planned) => {
    t.hub.planner.enabled = planned;
    try {
      for (const [tin, arrears] of [[PERSON, 1], [SHOP, 0], [PERSON_X, 0]] as const) {
        const byId = await t.gql(PROFILE, { tin }, { authorization: bearer(DEMO_KEYS.tax) });
        expect(byId.body.errors, tin).toBeUndefined();
        const p = byId.body.data.taxpayer;
        expect(p.tin).toMatch(tin.length === 20 ? /^P-[0-9A-F]{40}01$/ : /^P-[0-9A-F]{40}$/);
        expect(p.provenance.sourceKey).toBe(`taxpayer:${p.tin}`);
        expect(p).toMatchObject({ name: '张三', ratings: [{ year: 2025, rating: 'B' }], payments: [{ month: 10, amount: 1234.5 }] });
        expect(p.arrears).toHaveLength(arrears);
        const byPseudonym = await t.gql(PROFILE, { tin: p.tin.toLowerCase() }, { authorization: bearer(DEMO_KEYS.tax) });
        expect(byPseudonym.body).toEqual(byId.body);
        expect(JSON.stringify(p)).not.toContain(tin.slice(0, 17));
      }
    } finally {
      t.hub.planner.enabled = true;
    }
  });

  it('is kept nowhere in clear but the identity vault and the operators’ records of what the bureau sent', async () => {
    const tables = await t.hub.database.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
    expect(tables.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const { name } of tables) {
      if (KEEPS_SOURCE_KEYS.has(name)) continue;
      for (const id of [PERSON, SHOP.slice(0, 18), PERSON_X]) {
        const [row] = await t.hub.database.query<{ n: number }>(`select count(*)::int as n from "${name}" r where r::text ilike '%' || $1 || '%'`, [id.slice(0, 17)]);
        if (row!.n > 0) found.push(`${name}: ${id}`);
      }
    }
    expect(found).toEqual([]);
    // Held apart from the taxpayer: no tax row links it to an enterprise.
    const rows = await t.hub.database.query<{ uscc: string | null }>(`select uscc from taxpayer where tin like 'P-%'`);
    expect(rows).toEqual([{ uscc: null }, { uscc: null }, { uscc: null }]);
  });
});
