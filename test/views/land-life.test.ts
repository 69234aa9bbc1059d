/**
 * 一码管地 and 标准地 end to end: every parcel's timeline equals the land system's own
 * events (stages in order, statuses, dates, days between, documents); a late event for an
 * earlier stage (out of order) lands in its stage and a skipped stage reads NOT_APPLICABLE
 * until it arrives; 亩均税收 and a county's ranking equal the same figures computed here;
 * median days per stage equal the same computation, asked alone or beside `parcelStats`'
 * groups, small stages withheld; a support policy on the land firms hold announces a
 * parcel's holders when the parcel changes; each under the departments' policies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../../src/config.js';
import { MU_M2, targetFor } from '../../src/views/land-indicators.js';
import { STAGES, timelineOf } from '../../src/views/timeline.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';

const demo = loadConfigFile(DEMO_CONFIG_PATH);
const TODAY = '2026-12-10';
let t: TestHub;

beforeAll(async () => {
  // The land bureau withholds groups (and stages) of fewer than 3 parcels: the demo policy with that one setting.
  const policy = structuredClone(demo.policy!);
  policy.departments.land!.minGroupSize = 3;
  t = await startTestHub({ config: { ...demo, policy, demo: { enterprises: 150, seed: 20261124 } }, now: () => new Date(`${TODAY}T10:00:00+08:00`) });
  for (const r of await t.hub.scheduler!.firstRound) expect(r.status, `${r.sourceId}: ${r.error}`).toBe('succeeded');
}, 240_000);
afterAll(async () => t?.stop());

const sql = <T = Record<string, unknown>>(text: string) => t.hub.database.query<T>(text);
const DAY = 86_400_000;

async function allParcels(fields: string, key: string = DEMO_KEYS.admin): Promise<any[]> {
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    const res: { body: any } = await t.gql(`query($after: String) { parcels(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { parcelCode ${fields} } } } }`, { after }, { authorization: bearer(key) });
    expect(res.body.errors).toBeUndefined();
    out.push(...res.body.data.parcels.edges.map((e: any) => e.node));
    if (!res.body.data.parcels.pageInfo.hasNextPage) return out;
    after = res.body.data.parcels.pageInfo.endCursor;
  }
}

describe('a parcel’s whole life', () => {
  it('equals the land system’s events for every parcel: eight stages in order, done up to the last, then pending', async () => {
    const world = t.hub.simulator!.world;
    const events = new Map<string, ReturnType<typeof world.events>>();
    for (const e of world.enterprises()) for (const p of world.parcels(e)) events.set(p.parcelCode, world.events(p));
    const parcels = await allParcels('timeline { stage order status date docNo daysSincePrevious documents { kind docNo } }');
    expect(parcels.length).toBeGreaterThan(20);
    for (const p of parcels) {
      const ev = events.get(p.parcelCode)!;
      expect(p.timeline.map((s: any) => s.stage)).toEqual([...STAGES]);
      p.timeline.forEach((s: any, i: number) => {
        const e = ev[i];
        expect(s.order).toBe(i + 1);
        expect(s.status, `${p.parcelCode} ${s.stage}`).toBe(e ? 'DONE' : 'PENDING');
        expect(s.date).toBe(e?.date ?? null);
        expect(s.docNo).toBe(e?.docNo ?? null);
        expect(s.daysSincePrevious).toBe(e && i > 0 ? Math.round((Date.parse(e.date) - Date.parse(ev[i - 1]!.date)) / DAY) : null);
        const order = (ds: { kind: string; docNo: string }[]) => [...ds].sort((a, b) => a.docNo.localeCompare(b.docNo));
        expect(order(s.documents)).toEqual(order(e?.documents ?? []));
      });
    }
  });

  it('a late event for an earlier stage lands in its stage; the stage it skipped reads NOT_APPLICABLE until it arrives', async () => {
    const [p] = await sql<{ code: string; n: number; last: string }>(`select parcel_code as code, count(*)::int as n, max(occurred_on)::text as last from parcel_event
      where parcel_code in (select parcel_code from land_parcel) group by 1 having count(*) between 2 and 5 order by 1 limit 1`);
    const code = p!.code;
    const next = STAGES[p!.n + 1]!; // one stage skipped
    const skipped = STAGES[p!.n]!;
    const after = (days: number) => new Date(Date.parse(p!.last) + days * DAY).toISOString().slice(0, 10);
    const base = { parcelCode: code, enterpriseUscc: null, projectCode: null, documents: [] };
    t.hub.simulator!.land.appendEvents([{ ...base, stage: next, docNo: 'LATE-2', date: after(40) }]);
    expect((await t.hub.scheduler!.runNow('land')).status).toBe('succeeded');
    const timeline = async () => {
      const res = await t.gql('query($c: String!) { parcel(code: $c) { timeline { stage status date daysSincePrevious } } }', { c: code });
      expect(res.body.errors).toBeUndefined();
      return res.body.data.parcel.timeline;
    };
    let tl = await timeline();
    expect(tl[p!.n]).toMatchObject({ stage: skipped, status: 'NOT_APPLICABLE', date: null });
    expect(tl[p!.n + 1]).toMatchObject({ stage: next, status: 'DONE', date: after(40), daysSincePrevious: 40 });
    // The skipped stage's event arrives last (a higher event id), dated before the later stage.
    t.hub.simulator!.land.appendEvents([{ ...base, stage: skipped, docNo: 'LATE-1', date: after(15) }]);
    expect((await t.hub.scheduler!.runNow('land')).status).toBe('succeeded');
    tl = await timeline();
    expect(tl[p!.n]).toMatchObject({ stage: skipped, status: 'DONE', date: after(15), daysSincePrevious: 15 });
    expect(tl[p!.n + 1]).toMatchObject({ stage: next, status: 'DONE', daysSincePrevious: 25 });
    expect(tl.slice(p!.n + 2).every((s: any) => s.status === 'PENDING')).toBe(true);
    // The pure rule: any arrival order gives the same timeline.
    const evs = [{ eventId: 3, stage: 'LAND_SUPPLY', occurredOn: '2026-03-01' }, { eventId: 1, stage: 'PLANNING', occurredOn: '2026-01-01' }, { eventId: 9, stage: 'SITE_PREAPPROVAL', occurredOn: '2026-02-01' }];
    expect(timelineOf([...evs].reverse())).toEqual(timelineOf(evs));
  });
});

describe('support policies on the land firms hold', () => {
  it('a change to a parcel that names no enterprise re-evaluates the enterprises holding it, and announces them once', async () => {
    const create = 'mutation($i: SupportPolicyInput!) { createSupportPolicy(input: $i) { announced policy { id } } }';
    const res = await t.gql(create, { i: { title: '竣工验收地块奖励', issuer: '自然资源局', criteria: { parcels: { some: { events: { some: { docNo: { eq: 'HOLDERS-1' } } } } } } } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.createSupportPolicy.announced).toBe(0);
    const pid = res.body.data.createSupportPolicy.policy.id;
    // A parcel held by more than one enterprise, or by one through a registration, if the world has one; else any held parcel.
    const [held] = await sql<{ code: string }>(`select p.parcel_code as code from land_parcel p
      where exists (select 1 from parcel_event e where e.parcel_code = p.parcel_code and e.enterprise_uscc is not null)
      order by (select count(distinct h.holder_uscc) from registration r join registration_holder h using (ywh) where left(r.unit_code, 19) = p.parcel_code) desc, p.parcel_code limit 1`);
    const holders = (await sql<{ uscc: string }>(`select enterprise_uscc as uscc from parcel_event where parcel_code = '${held!.code}' and enterprise_uscc is not null
      union select h.holder_uscc from registration r join registration_holder h using (ywh) where left(r.unit_code, 19) = '${held!.code}' and h.holder_uscc is not null`))
      .map((r) => r.uscc).filter((u) => u.length === 18).sort();
    expect(holders.length).toBeGreaterThan(0);
    t.hub.simulator!.land.appendEvents([{ parcelCode: held!.code, enterpriseUscc: null, projectCode: null, documents: [], stage: 'COMPLETION_ACCEPTANCE', docNo: 'HOLDERS-1', date: '2026-11-01' }]);
    expect((await t.hub.scheduler!.runNow('land')).status).toBe('succeeded');
    const announced = async () => (await sql<{ subject_key: string; source_id: string }>(`select subject_key, source_id from alert where kind = 'POLICY_ELIGIBLE' and dedupe_key like '${pid}:1:%' order by subject_key`));
    const first = await announced();
    expect(first.map((a) => a.subject_key)).toEqual(holders);
    expect(new Set(first.map((a) => a.source_id))).toEqual(new Set(['land']));
    // The same parcel changing again: nothing new.
    t.hub.simulator!.land.appendEvents([{ parcelCode: held!.code, enterpriseUscc: null, projectCode: null, documents: [], stage: 'REGISTRATION', docNo: 'HOLDERS-2', date: '2026-11-15' }]);
    expect((await t.hub.scheduler!.runNow('land')).status).toBe('succeeded');
    expect(await announced()).toEqual(first);
    expect((await t.gql(`mutation { withdrawSupportPolicy(id: ${pid}) { id } }`)).body.errors).toBeUndefined();
  });
});

describe('亩均税收', () => {
  /** The same figure by hand: holders' tax paid from 2026-01 (12 months to 2026-12) over the area in 亩. */
  async function handTaxPerMu(): Promise<Map<string, { perMu: number | null; paid: number; division: string; landUse: string }>> {
    const rows = await sql<{ code: string; area: string | null; division: string; land_use: string; paid: string }>(`
      with holders as (select parcel_code as code, enterprise_uscc as uscc from parcel_event where enterprise_uscc is not null
        union select left(r.unit_code, 19), h.holder_uscc from registration_holder h join registration r using (ywh) where h.holder_uscc is not null)
      select p.parcel_code as code, p.area_m2::text as area, p.division_code as division, p.land_use,
        (select coalesce(sum(t.amount), 0) from tax_payment t where t.year * 100 + t.month >= 202601 and t.tin in (select uscc from holders h where h.code = p.parcel_code))::text as paid
      from land_parcel p`);
    return new Map(rows.map((r) => [r.code, { paid: Number(r.paid), division: r.division, landUse: r.land_use, perMu: r.area ? Number(r.paid) / 10_000 / (Number(r.area) / MU_M2) : null }]));
  }

  it('each parcel’s indicators equal the same figures, with its county’s target', async () => {
    const want = await handTaxPerMu();
    const parcels = await allParcels('landUse indicators { industrial areaMu taxPaidLast12Months taxPerMu target meetsTarget }');
    let above = 0;
    let below = 0;
    for (const p of parcels) {
      const w = want.get(p.parcelCode)!;
      expect(p.indicators.industrial).toBe(p.landUse.startsWith('06'));
      expect(p.indicators.taxPaidLast12Months).toBeCloseTo(w.paid, 2);
      expect(p.indicators.taxPerMu).toBeCloseTo(w.perMu!, 3);
      const target = p.landUse.startsWith('06') ? targetFor(demo.views, w.division, w.landUse) : null;
      expect(p.indicators.target).toBe(target);
      expect(p.indicators.meetsTarget).toBe(target === null ? null : w.perMu! >= target);
      if (p.indicators.meetsTarget === true) above++;
      if (p.indicators.meetsTarget === false) below++;
    }
    expect(above).toBeGreaterThan(0);
    expect(below).toBeGreaterThan(0);
  });

  it('ranks a county’s industrial parcels lowest first, as computed here', async () => {
    const want = await handTaxPerMu();
    const [county] = await sql<{ d: string }>(`select division_code as d from land_parcel where land_use like '06%' group by 1 order by count(*) desc limit 1`);
    const res = await t.gql('query($c: String!) { parcelTaxRanking(county: $c, first: 100) { rank parcelCode indicators { taxPerMu } parcel { divisionCode landUse } } }', { c: county!.d });
    expect(res.body.errors).toBeUndefined();
    const ranking = res.body.data.parcelTaxRanking;
    const expected = [...want].filter(([, w]) => w.division === county!.d && w.landUse.startsWith('06'))
      .sort(([a, x], [b, y]) => (x.perMu ?? -1) - (y.perMu ?? -1) || a.localeCompare(b)).map(([code]) => code);
    expect(ranking.map((r: any) => r.parcelCode)).toEqual(expected);
    expect(ranking.map((r: any) => r.rank)).toEqual(expected.map((_c, i) => i + 1));
    // Policies: the land bureau by its override; the market bureau not at all; a land district office within its county only.
    expect((await t.gql('query($c: String!) { parcelTaxRanking(county: $c) { rank } }', { c: county!.d }, { authorization: bearer(DEMO_KEYS.land) })).body.errors).toBeUndefined();
    const market = await t.gql('query($c: String!) { parcelTaxRanking(county: $c) { rank } }', { c: county!.d }, { authorization: bearer(DEMO_KEYS.market) });
    expect(market.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const other = county!.d === '340104' ? '340102' : '340104';
    const token = (await t.gql(`mutation { createApiKey(input: { department: "land", division: "${other}" }) { token } }`)).body.data.createApiKey.token;
    const scoped = await t.gql('query($c: String!) { parcelTaxRanking(county: $c) { rank } }', { c: county!.d }, { authorization: bearer(token) });
    expect(scoped.body.data.parcelTaxRanking).toEqual([]);
    const bad = await t.gql('{ parcelTaxRanking(county: "999999") { rank } }');
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'county' });
  });
});

describe('days per stage', () => {
  it('median, mean and longest days to each stage per county equal the same computation', async () => {
    const res = await t.gql('{ parcelStageDurations(groupBy: [COUNTY]) { groups { key { county countyName } slowest stages { stage parcels medianDays avgDays maxDays } } } }');
    expect(res.body.errors).toBeUndefined();
    const rows = await sql<{ code: string; division: string; stage: string; d: string }>(`select p.parcel_code as code, p.division_code as division, e.stage, min(e.occurred_on)::text as d
      from land_parcel p join parcel_event e using (parcel_code) where e.occurred_on is not null group by 1, 2, 3`);
    const steps = new Map<string, Map<string, number[]>>();
    const byParcel = new Map<string, typeof rows>();
    for (const r of rows) byParcel.set(r.code, [...(byParcel.get(r.code) ?? []), r]);
    for (const list of byParcel.values()) {
      list.sort((a, b) => STAGES.indexOf(a.stage as never) - STAGES.indexOf(b.stage as never));
      list.forEach((r, i) => {
        if (i === 0) return;
        const days = Math.round((Date.parse(r.d) - Date.parse(list[i - 1]!.d)) / DAY);
        const county = steps.get(r.division) ?? new Map<string, number[]>();
        county.set(r.stage, [...(county.get(r.stage) ?? []), days]);
        steps.set(r.division, county);
      });
    }
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    const groups = res.body.data.parcelStageDurations.groups;
    expect(groups.map((g: any) => g.key.county)).toEqual([...steps.keys()].sort());
    for (const g of groups) {
      const want = steps.get(g.key.county)!;
      expect(g.stages.map((s: any) => s.stage)).toEqual(STAGES.filter((s) => want.has(s)));
      for (const s of g.stages) {
        const xs = want.get(s.stage)!;
        expect(s).toEqual({ stage: s.stage, parcels: xs.length, medianDays: median(xs), avgDays: Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10, maxDays: Math.max(...xs) });
      }
      const slowest = g.stages.reduce((m: any, s: any) => (m === null || s.medianDays > m.medianDays ? s : m), null);
      expect(g.slowest).toBe(slowest.stage);
    }
  });

  it('stand beside parcelStats’ groups, the same figures, in one more statement for all the groups', async () => {
    for (const groupBy of ['[COUNTY, LAND_USE]', '[STAGE]', '[]']) {
      const alone = await t.gql(`{ parcelStageDurations(groupBy: ${groupBy}) { groups { key { county landUse stage } stages { stage parcels medianDays avgDays maxDays } } } }`);
      expect(alone.body.errors).toBeUndefined();
      const before = t.hub.database.counter.statements;
      const res = await t.gql(`{ parcelStats(groupBy: ${groupBy}) { groups { key { county landUse stage } count stageDays { stage parcels medianDays avgDays maxDays } } } }`);
      expect(res.body.errors, groupBy).toBeUndefined();
      expect(t.hub.database.counter.statements - before, `${groupBy}: the statistic, its stage days, the read audit`).toBeLessThanOrEqual(3);
      const want = new Map(alone.body.data.parcelStageDurations.groups.map((g: any) => [JSON.stringify(g.key), g.stages]));
      const groups = res.body.data.parcelStats.groups;
      expect(groups.length).toBeGreaterThan(0);
      for (const g of groups) expect(g.stageDays, `${groupBy} ${JSON.stringify(g.key)}`).toEqual(want.get(JSON.stringify(g.key)) ?? []);
      expect(groups.some((g: any) => g.stageDays.length > 0)).toBe(true);
    }
  });

  it('withhold a stage fewer parcels reached than the department’s minimum group size, asked either way', async () => {
    const q = '{ parcelStats(groupBy: [COUNTY]) { groups { key { county } stageDays { stage parcels medianDays } } } parcelStageDurations(groupBy: [COUNTY]) { groups { key { county } stages { stage parcels medianDays } } } }';
    const all = (await t.gql(q)).body.data;
    const land = await t.gql(q, {}, { authorization: bearer(DEMO_KEYS.land) });
    expect(land.body.errors).toBeUndefined();
    const small = (groups: any[], field: string) => groups.flatMap((g) => g[field]).filter((s: any) => s.parcels < 3);
    expect(small(all.parcelStats.groups, 'stageDays').length, 'the world has stages reached by fewer than 3 parcels of a county').toBeGreaterThan(0);
    expect(small(land.body.data.parcelStats.groups, 'stageDays')).toEqual([]);
    expect(small(land.body.data.parcelStageDurations.groups, 'stages')).toEqual([]);
    const kept = (groups: any[], field: string) => groups.map((g) => ({ key: g.key, stages: g[field].filter((s: any) => s.parcels >= 3) })).filter((g) => g.stages.length);
    expect(kept(land.body.data.parcelStageDurations.groups, 'stages')).toEqual(kept(all.parcelStageDurations.groups, 'stages'));
  });
});
