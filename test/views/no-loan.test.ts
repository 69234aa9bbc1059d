/**
 * 无贷户名单 end to end, through the real connectors on a demo world read at a fixed clock:
 * the list equals the rule written by hand in SQL; the activity window ends exactly at a
 * month boundary (one day later, every firm's last payment is outside); a withdrawn loan
 * puts a firm on the list and says so; a first loan (flagged 首贷, or merely the first in
 * the ledger) raises FIRST_LOAN_GRANTED once and takes the firm off; re-ingesting raises
 * nothing again; statistics equal the same SQL; the list under each department's policy
 * (refused without loans in the clear, a district office sees its county only); the CSV.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alert } from '../../schema/index.js';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../../src/config.js';
import { lookupDivision } from '../../src/domain/divisions.js';
import { writeCreditDay } from '../../src/simulator/credit.outlet.js';
import type { WLoan } from '../../src/simulator/world.js';
import { sizeClassOf, sizeClassSql } from '../../src/views/size-class.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';

const demo = loadConfigFile(DEMO_CONFIG_PATH);
let clock = new Date('2027-09-30T12:00:00+08:00');
let t: TestHub;

beforeAll(async () => {
  const policy = structuredClone(demo.policy!);
  // A department allowed the view but seeing loans masked: membership would reveal them.
  policy.departments['bank-masked'] = { ...structuredClone(policy.departments.finance!), classes: { ...policy.departments.finance!.classes, FINANCIAL: 'mask' } };
  t = await startTestHub({ config: { ...demo, policy, demo: { enterprises: 150, seed: 20261124 } }, now: () => clock });
  const runs = await t.hub.scheduler!.firstRound;
  for (const r of runs) expect(r.status, `${r.sourceId}: ${r.error}`).toBe('succeeded');
}, 240_000);
afterAll(async () => t?.stop());

const sql = <T = Record<string, unknown>>(text: string) => t.hub.database.query<T>(text);

/** The rule by hand, another way round (joins, a CASE of the demo's thresholds), as of the month `since` (yyyymm). */
const handList = (since: number) => sql<{ uscc: string; division_code: string }>(`
  WITH pay AS (SELECT tin, max(year * 100 + month) AS last FROM tax_payment WHERE amount > 0 GROUP BY tin),
       live AS (SELECT DISTINCT borrower_uscc FROM loan WHERE NOT withdrawn)
  SELECT e.uscc, e.division_code FROM enterprise e
  JOIN taxpayer tp ON tp.tin = e.uscc AND tp.status = '正常'
  JOIN pay ON pay.tin = e.uscc AND pay.last >= ${since}
  LEFT JOIN live ON live.borrower_uscc = e.uscc
  WHERE e.status IN ('存续', '在业') AND live.borrower_uscc IS NULL AND e.registered_capital IS NOT NULL
    AND e.registered_capital <= CASE WHEN e.industry_code LIKE 'I65%' THEN 1000 WHEN e.industry_code LIKE 'C%' THEN 5000 ELSE 2000 END
  ORDER BY e.uscc`);

async function wholeList(key: string = DEMO_KEYS.admin): Promise<{ uscc: string; divisionCode: string; reasons: string[]; withdrawnLoans: number; sizeClass: string }[]> {
  const out = [];
  let after: string | null = null;
  for (;;) {
    const res: { body: any } = await t.gql(`query($after: String) { noLoanList(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      edges { node { uscc divisionCode sizeClass withdrawnLoans reasons lastTaxPaymentMonth enterprise { uscc status } } } } }`, { after }, { authorization: bearer(key) });
    expect(res.body.errors).toBeUndefined();
    const c: any = res.body.data.noLoanList;
    out.push(...c.edges.map((e: any) => e.node));
    if (!c.pageInfo.hasNextPage) {
      expect(c.totalCount).toBe(out.length);
      return out.sort((a, b) => a.uscc.localeCompare(b.uscc));
    }
    after = c.pageInfo.endCursor;
  }
}

async function syncCredit(): Promise<void> {
  const run = await t.hub.scheduler!.runNow('credit');
  expect(run.status, run.error).toBe('succeeded');
}

const alertsOf = (kind: string) => t.hub.database.db.select().from(alert).where(eq(alert.kind, kind));

describe('the no-loan list', () => {
  it('equals the rule written by hand, and each entry says why', async () => {
    const list = await wholeList();
    const want = await handList(202610);
    expect(list.map((e) => e.uscc)).toEqual(want.map((r) => r.uscc));
    expect(list.length).toBeGreaterThan(5);
    const [total] = await sql<{ n: number }>('select count(*)::int as n from enterprise');
    expect(list.length).toBeLessThan(total!.n);
    for (const e of list) {
      expect(['MICRO', 'SMALL']).toContain(e.sizeClass);
      expect(e.reasons).toHaveLength(5);
      expect(e.reasons.join(' ')).toMatch(/登记状态 (存续|在业).*纳税状态 正常.*注册资本.*最近纳税 2026-10.*无贷款记录/);
    }
  });

  it('raised NO_LOAN_LISTED once for every listed firm while ingesting, and for nobody else', async () => {
    const listed = (await alertsOf('NO_LOAN_LISTED')).map((a) => a.subjectKey).sort();
    expect(listed).toEqual((await wholeList()).map((e) => e.uscc));
  });

  it('ends the activity window at a month boundary: one day later every last payment (2026-10) is outside', async () => {
    clock = new Date('2027-10-01T00:30:00+08:00');
    try {
      expect((await t.gql('{ noLoanList { totalCount } }')).body.data.noLoanList.totalCount).toBe(0);
    } finally {
      clock = new Date('2027-09-30T12:00:00+08:00');
    }
    expect((await t.gql('{ noLoanList { totalCount } }')).body.data.noLoanList.totalCount).toBeGreaterThan(0);
  });

  it('classifies sizes in SQL exactly as the rule does, at and just over each threshold', async () => {
    const rule = demo.views.sizeRule;
    const cases: { capital: number | null; industry: string | null; type: string | null }[] = [];
    for (const industry of ['C3911', 'I6510', 'I6610', 'F5191', null]) {
      for (const capital of [null, 0, 99.9999, 100, 100.0001, 300, 300.0001, 1000, 1000.0001, 2000, 2000.0001, 5000, 5000.0001]) cases.push({ capital, industry, type: null });
    }
    cases.push({ capital: 90_000, industry: 'F5191', type: '个体工商户' });
    const values = cases.map((c, i) => `(${i}, ${c.capital ?? 'null'}::numeric, ${c.industry ? `'${c.industry}'` : 'null'}, ${c.type ? `'${c.type}'` : 'null'})`).join(', ');
    const rows = await sql<{ i: number; s: string }>(`select i, ${sizeClassSql(rule, 'cap', 'ind', 'typ')} as s from (values ${values}) v(i, cap, ind, typ) order by i`);
    expect(rows.map((r) => r.s)).toEqual(cases.map((c) => sizeClassOf(rule, { registeredCapital: c.capital, industryCode: c.industry, entityType: c.type })));
    expect(sizeClassOf(rule, { registeredCapital: 5000.0001, industryCode: 'C3911', entityType: null })).toBe('MEDIUM_LARGE');
    expect(sizeClassOf(rule, { registeredCapital: 5000, industryCode: 'C3911', entityType: null })).toBe('SMALL');
  });
});

describe('membership events', () => {
  const creditDir = () => process.env.GOVGRAPH_SIM_CREDIT_DIR!;
  let withdrawnFrom = '';

  it('a firm whose only loans are withdrawn enters the list, says so, and is announced once', async () => {
    // Qualifies but for its live loans.
    const [x] = await sql<{ uscc: string }>(`
      SELECT e.uscc FROM enterprise e JOIN taxpayer tp ON tp.tin = e.uscc AND tp.status = '正常'
      WHERE e.status IN ('存续', '在业') AND e.registered_capital <= CASE WHEN e.industry_code LIKE 'C%' THEN 5000 ELSE 1000 END
        AND EXISTS (SELECT 1 FROM tax_payment p WHERE p.tin = e.uscc AND p.year = 2026 AND p.month = 10)
        AND EXISTS (SELECT 1 FROM loan l WHERE l.borrower_uscc = e.uscc) ORDER BY e.uscc LIMIT 1`);
    expect(x).toBeDefined();
    withdrawnFrom = x!.uscc;
    await writeCreditDay(t.hub.simulator!.world, creditDir(), '20261102', { loans: (e, loans) => (e.uscc === withdrawnFrom ? [] : loans) });
    await syncCredit();
    const entry = (await wholeList()).find((e) => e.uscc === withdrawnFrom);
    expect(entry?.withdrawnLoans).toBeGreaterThan(0);
    expect(entry!.reasons.at(-1)).toMatch(/withdrawn loans? not counted/);
    expect((await alertsOf('NO_LOAN_LISTED')).filter((a) => a.subjectKey === withdrawnFrom)).toHaveLength(1);
  });

  it('a listed firm’s first loan — flagged 首贷, or only the first in the ledger — raises FIRST_LOAN_GRANTED once and takes it off the list', async () => {
    const before = await wholeList();
    const [y, z] = before.map((e) => e.uscc).filter((u) => u !== withdrawnFrom);
    expect(z).toBeDefined();
    const day = '2027-09-30';
    const firstLoan = (uscc: string, flagged: boolean): WLoan => ({
      borrowerUscc: uscc, borrowerName: '测试', lender: '徽商银行', lenderCode: '913400001489746406', contractNo: `T-${uscc}`, disbursedOn: day,
      maturesOn: '2028-09-30', amount: 50, loanType: '信用', firstLoan: flagged,
    });
    const loans = (e: { uscc: string }, l: WLoan[]) => (e.uscc === withdrawnFrom ? [] : e.uscc === y ? [firstLoan(y, true)] : e.uscc === z ? [firstLoan(z, false)] : l);
    await writeCreditDay(t.hub.simulator!.world, creditDir(), '20261103', { loans });
    await syncCredit();
    const granted = await alertsOf('FIRST_LOAN_GRANTED');
    expect(granted.map((a) => a.enterpriseUscc).sort()).toEqual([y, z].sort());
    expect(granted.find((a) => a.enterpriseUscc === y)!.detail).toMatchObject({ amount: 50, disbursedOn: day, firstLoanFlag: true });
    expect(granted.find((a) => a.enterpriseUscc === z)!.detail).toMatchObject({ firstLoanFlag: false });
    const after = (await wholeList()).map((e) => e.uscc);
    expect(after).not.toContain(y);
    expect(after).not.toContain(z);
    expect(after.length).toBe(before.length - 2);

    // The same files again, and the whole ledger re-read from the start: nothing is raised twice.
    const count = async () => (await t.hub.database.db.select().from(alert)).filter((a) => a.kind === 'NO_LOAN_LISTED' || a.kind === 'FIRST_LOAN_GRANTED').length;
    const n = await count();
    await syncCredit();
    const again = await t.gql('mutation { syncNow(sourceId: "credit", fromStart: true) { status error } }');
    expect(again.body.data.syncNow).toEqual({ status: 'succeeded', error: null });
    expect(await count()).toBe(n);
  });

  it('statistics: listed now, first loans this year and conversion per county equal the same SQL', async () => {
    const res = await t.gql('{ noLoanStats(groupBy: [COUNTY]) { groups { key { county countyName } listed firstLoansThisYear conversionRate } suppressedGroups } }');
    expect(res.body.errors).toBeUndefined();
    const listed = await handList(202610);
    const granted = await t.hub.database.db.select().from(alert).where(and(eq(alert.kind, 'FIRST_LOAN_GRANTED')));
    const counties = new Map<string, { listed: number; granted: number }>();
    for (const r of listed) counties.set(r.division_code, { listed: (counties.get(r.division_code)?.listed ?? 0) + 1, granted: 0 });
    for (const g of granted) {
      const d = g.divisionCode!;
      counties.set(d, { listed: counties.get(d)?.listed ?? 0, granted: (counties.get(d)?.granted ?? 0) + 1 });
    }
    const want = [...counties].sort(([a], [b]) => a.localeCompare(b)).map(([county, c]) => ({
      key: { county, countyName: lookupDivision(county)?.name ?? null }, listed: c.listed, firstLoansThisYear: c.granted,
      conversionRate: c.granted / (c.listed + c.granted),
    }));
    expect(res.body.data.noLoanStats).toEqual({ groups: want, suppressedGroups: 0 });
    const all = (await t.gql('{ noLoanStats { groups { listed firstLoansThisYear } } }')).body.data.noLoanStats.groups;
    expect(all).toEqual([{ listed: listed.length, firstLoansThisYear: 2 }]);
  });
});

describe('under each department’s policy', () => {
  // Nothing in the background from here on: statement counts are the requests' own.
  beforeAll(async () => t.hub.scheduler!.stop());

  it('refuses departments without the view or without loans in the clear, before any SQL', async () => {
    for (const key of [DEMO_KEYS.market, DEMO_KEYS.marketShushan, DEMO_KEYS.land, DEMO_KEYS.tax]) {
      const res = await t.gql('{ noLoanList { totalCount } }', {}, { authorization: bearer(key) });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.body.data?.noLoanList ?? null).toBeNull();
    }
    const masked = (await t.gql('mutation { createApiKey(input: { department: "bank-masked" }) { token } }')).body.data.createApiKey.token;
    const before = t.hub.database.counter.statements;
    for (const q of ['{ noLoanList { totalCount } }', '{ noLoanStats { groups { listed } } }']) {
      const res = await t.gql(q, {}, { authorization: bearer(masked) });
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'FIELD_DENIED' });
    }
    expect(t.hub.database.counter.statements - before).toBe(0);
  });

  it('the finance department sees the whole list; its district office only its own county', async () => {
    const all = await wholeList(DEMO_KEYS.finance);
    expect(all.map((e) => e.uscc)).toEqual((await wholeList()).map((e) => e.uscc));
    const county = all[0]!.divisionCode;
    const token = (await t.gql(`mutation { createApiKey(input: { department: "finance", division: "${county}" }) { token } }`)).body.data.createApiKey.token;
    const mine = await wholeList(token);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.map((e) => e.uscc)).toEqual(all.filter((e) => e.divisionCode === county).map((e) => e.uscc));
    const stats = (await t.gql('{ noLoanStats(groupBy: [COUNTY]) { groups { key { county } listed } } }', {}, { authorization: bearer(token) })).body.data.noLoanStats.groups;
    expect(stats.map((g: any) => g.key.county)).toEqual([county]);
  });

  it('banks get the list as CSV through the finance key, one row per entry with its reasons', async () => {
    const res = await fetch(new URL('/exports/noLoanList.csv', t.hub.url), { headers: { authorization: bearer(DEMO_KEYS.finance) } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('uscc');
    expect(lines[0]).toContain('reason');
    expect(lines.length - 1).toBe((await wholeList(DEMO_KEYS.finance)).length);
    const refused = await fetch(new URL('/exports/noLoanList.csv', t.hub.url), { headers: { authorization: bearer(DEMO_KEYS.market) } });
    expect(refused.status).toBe(403);
  });
});
