/**
 * Grouped statistics: each equal to the same aggregate written by hand in SQL; every
 * dimension of every statistics root partitions the rows (group counts add up to the
 * whole); one statement and one audit row (with its filter and group-by, no entities) per
 * request; division names beside codes; limits refused before SQL; small groups withheld
 * for a department whose policy says so.
 */
import { getTableName } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { lookupDivision } from '../src/domain/divisions.js';
import { buildHubSchema } from '../src/graphql/build-schema.js';
import { allSpecs, FILTER_LIMITS } from '../src/graphql/analyst/spec.js';
import { startSettledHub, type TestHub } from './support/hub.js';
import { bearer, DEMO_KEYS } from './support/keys.js';

let t: TestHub;
const demo = loadConfigFile(DEMO_CONFIG_PATH);

beforeAll(async () => {
  // The tax bureau withholds groups of fewer than 3 rows (the demo policy, with that one setting).
  const policy = structuredClone(demo.policy!);
  policy.departments.tax!.minGroupSize = 3;
  t = await startSettledHub({ config: { ...demo, policy, demo: { enterprises: 150, seed: 20261124 } } });
  await buildHubSchema();
}, 180_000);
afterAll(async () => t?.stop());

async function stats(query: string, variables: Record<string, unknown> = {}, key: string = DEMO_KEYS.admin) {
  const before = t.hub.database.counter.statements;
  const res = await t.gql(query, variables, { authorization: bearer(key) });
  return { body: res.body, statements: t.hub.database.counter.statements - before };
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const sql = <T = Record<string, unknown>>(text: string) => t.hub.database.query<T>(text);

describe('statistics equal the same SQL', () => {
  it('enterprises by county: count, capital sum, average, min, max and founding dates, with county names', async () => {
    const { body, statements } = await stats(`{ enterpriseStats(groupBy: [COUNTY]) { groups { key { county countyName } count
      sum { registeredCapital } avg { registeredCapital } min { registeredCapital establishedOn } max { registeredCapital establishedOn } } suppressedGroups } }`);
    expect(body.errors).toBeUndefined();
    expect(statements).toBe(1);
    const want = await sql<any>(`select division_code as k, count(*)::int as n, sum(registered_capital)::text as s, avg(registered_capital)::text as a,
      min(registered_capital)::text as mn, max(registered_capital)::text as mx, min(established_on)::text as d0, max(established_on)::text as d1
      from enterprise group by 1 order by 1 nulls last`);
    expect(body.data.enterpriseStats.groups).toEqual(want.map((r) => ({
      key: { county: r.k, countyName: r.k ? (lookupDivision(r.k)?.name ?? null) : null }, count: r.n,
      sum: { registeredCapital: num(r.s) }, avg: { registeredCapital: num(r.a) },
      min: { registeredCapital: num(r.mn), establishedOn: r.d0 }, max: { registeredCapital: num(r.mx), establishedOn: r.d1 },
    })));
    expect(body.data.enterpriseStats.suppressedGroups).toBe(0);
    expect(want.length).toBeGreaterThan(3);
  });

  it('enterprises by city and latest tax rating, under a filter', async () => {
    const { body } = await stats('{ enterpriseStats(groupBy: [CITY, TAX_RATING], filter: { establishedOn: { gte: "2015-01-01" } }) { groups { key { city cityName taxRating } count } } }');
    const want = await sql<any>(`select left(division_code, 4) || '00' as c, (select r.rating from tax_rating r where r.tin = e.uscc order by r.year desc limit 1) as r, count(*)::int as n
      from enterprise e where established_on >= '2015-01-01' group by 1, 2 order by 1 nulls last, 2 nulls last`);
    expect(body.data.enterpriseStats.groups).toEqual(want.map((r) => ({ key: { city: r.c, cityName: r.c ? (lookupDivision(r.c)?.name ?? null) : null, taxRating: r.r }, count: r.n })));
  });

  it('parcels: area by land-use class and current stage', async () => {
    const { body } = await stats('{ parcelStats(groupBy: [LAND_USE_CLASS, STAGE]) { groups { key { landUseClass stage } count sum { areaM2 } } } }');
    const want = await sql<any>(`select left(land_use, 2) as u, (select e.stage from parcel_event e where e.parcel_code = p.parcel_code order by e.occurred_on desc nulls last, e.event_id desc limit 1) as s,
      count(*)::int as n, sum(area_m2)::text as a from land_parcel p group by 1, 2 order by 1 nulls last, 2 nulls last`);
    expect(body.data.parcelStats.groups).toEqual(want.map((r) => ({ key: { landUseClass: r.u, stage: r.s }, count: r.n, sum: { areaM2: num(r.a) } })));
  });

  it('loans: amount by lender and first-loan flag; credit records by kind; tax paid by month and county', async () => {
    const loans = await stats('{ loanStats(groupBy: [LENDER, FIRST_LOAN]) { groups { key { lender firstLoan } count sum { amount } } } }');
    const wantLoans = await sql<any>('select lender_code as l, first_loan::text as f, count(*)::int as n, sum(amount)::text as a from loan group by 1, 2 order by 1 nulls last, 2 nulls last');
    expect(loans.body.data.loanStats.groups).toEqual(wantLoans.map((r) => ({ key: { lender: r.l, firstLoan: r.f }, count: r.n, sum: { amount: num(r.a) } })));
    const credit = await stats('{ creditRecordStats(groupBy: [KIND], filter: { withdrawn: { eq: false } }) { groups { key { kind } count max { fineAmount } } } }');
    const wantCredit = await sql<any>('select kind as k, count(*)::int as n, max(fine_amount)::text as m from credit_record where not withdrawn group by 1 order by 1');
    expect(credit.body.data.creditRecordStats.groups).toEqual(wantCredit.map((r) => ({ key: { kind: r.k }, count: r.n, max: { fineAmount: num(r.m) } })));
    const tax = await stats('{ taxPaymentStats(groupBy: [MONTH, COUNTY]) { groups { key { month county } count sum { amount } } } }');
    const wantTax = await sql<any>(`select p.year || '-' || lpad(p.month::text, 2, '0') as m, (select e.division_code from taxpayer tp join enterprise e on e.uscc = tp.uscc where tp.tin = p.tin) as c,
      count(*)::int as n, sum(amount)::text as a from tax_payment p group by 1, 2 order by 1 nulls last, 2 nulls last`);
    expect(tax.body.data.taxPaymentStats.groups).toEqual(wantTax.map((r) => ({ key: { month: r.m, county: r.c }, count: r.n, sum: { amount: num(r.a) } })));
    expect(wantTax.length).toBeGreaterThan(0);
  });

  it('every dimension of every statistics root partitions the rows it counts', async () => {
    let checked = 0;
    for (const s of allSpecs().filter((x) => x.stats)) {
      const total = (await sql<{ n: number }>(`select count(*)::int as n from ${getTableName(s.table)}`))[0]!.n;
      for (const dim of Object.keys(s.stats!.groups)) {
        const { body, statements } = await stats(`{ ${s.stats!.root}(groupBy: [${dim}]) { groups { count } suppressedGroups } }`);
        expect(body.errors, `${s.stats!.root} by ${dim}`).toBeUndefined();
        expect(statements).toBe(1);
        expect(body.data[s.stats!.root].groups.reduce((a: number, g: any) => a + g.count, 0), `${s.stats!.root} by ${dim}`).toBe(total);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('statistics under the policy and the limits', () => {
  it('writes one audit row per request, with its filter and group-by and no entities', async () => {
    const query = 'query Counties($f: EnterpriseFilter) { enterpriseStats(filter: $f, groupBy: [COUNTY]) { groups { count } } }';
    await stats(query, { f: { status: { eq: 'SUBSISTING' } } }, DEMO_KEYS.analyst);
    const rows = await sql<any>(`select operation_name, variables, entity_count, outcome from read_audit where principal_id = 'key:analyst-demo' order by seq desc limit 1`);
    expect(rows[0]).toMatchObject({ operation_name: 'Counties', entity_count: 0, outcome: 'ok' });
    expect(JSON.stringify(rows[0].variables)).toContain('SUBSISTING');
    // Written into the document instead: the row still says what was asked, a person's name inside it redacted.
    const inline = 'query CountiesInline { enterpriseStats(filter: { status: { eq: SUBSISTING }, legalRepName: { eq: "张某某测试" } }, groupBy: [COUNTY, TAX_RATING]) { groups { count } } }';
    await stats(inline, {}, DEMO_KEYS.analyst);
    const [row] = await sql<any>(`select operation_name, variables from read_audit where principal_id = 'key:analyst-demo' order by seq desc limit 1`);
    expect(row.operation_name).toBe('CountiesInline');
    expect(JSON.parse(row.variables)).toEqual({ $arguments: { enterpriseStats: { filter: { legalRepName: '[redacted]', status: { eq: 'SUBSISTING' } }, groupBy: ['COUNTY', 'TAX_RATING'] } } });
  });

  it('keeps a person’s name out of the audit, inside a filter variable as in an argument', async () => {
    const name = '张某某测试';
    await stats('query Named($f: EnterpriseFilter) { enterpriseStats(filter: $f, groupBy: [STATUS]) { groups { count } } }', { f: { legalRepName: { eq: name }, status: { eq: 'SUBSISTING' } } });
    await stats('query NamedInline($n: String) { enterprises(first: 1, filter: { legalRepName: { eq: $n } }) { totalCount } }', { n: name });
    const rows = await sql<any>(`select operation_name, variables from read_audit where operation_name in ('Named', 'NamedInline') order by seq`);
    expect(rows.map((r) => r.operation_name)).toEqual(['Named', 'NamedInline']);
    const f = { legalRepName: '[redacted]', status: { eq: 'SUBSISTING' } };
    expect(JSON.parse(rows[0].variables)).toEqual({ f, $arguments: { enterpriseStats: { filter: f, groupBy: ['STATUS'] } } });
    expect(JSON.parse(rows[1].variables)).toEqual({ n: '[redacted]', $arguments: { enterprises: { filter: { legalRepName: '[redacted]' }, first: 1 } } });
    expect(JSON.stringify(rows)).not.toContain(name);
  });

  it('withholds groups smaller than the department’s minimum and says how many', async () => {
    const all = (await stats('{ enterpriseStats(groupBy: [COUNTY, STATUS]) { groups { key { county status } count } } }')).body.data.enterpriseStats.groups;
    const small = all.filter((g: any) => g.count < 3).length;
    expect(small).toBeGreaterThan(0);
    const { body } = await stats('{ enterpriseStats(groupBy: [COUNTY, STATUS]) { groups { key { county status } count } suppressedGroups } }', {}, DEMO_KEYS.tax);
    expect(body.data.enterpriseStats.groups).toEqual(all.filter((g: any) => g.count >= 3));
    expect(body.data.enterpriseStats.suppressedGroups).toBe(small);
  });

  it('refuses too many dimensions, a dimension twice, and groups on fields the department may not read', async () => {
    const dims = Object.keys(allSpecs().find((s) => s.typeName === 'Enterprise')!.stats!.groups).slice(0, FILTER_LIMITS.groupKeys + 1);
    const wide = await stats(`{ enterpriseStats(groupBy: [${dims.join(', ')}]) { groups { count } } }`);
    expect(wide.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'groupKeys' });
    expect(wide.statements).toBe(0);
    const twice = await stats('{ enterpriseStats(groupBy: [COUNTY, COUNTY]) { groups { count } } }');
    expect(twice.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'groupBy' });
    // The market regulator may not read tax data: grouping by the tax rating would reveal it.
    const rating = await stats('{ enterpriseStats(groupBy: [TAX_RATING]) { groups { count } } }', {}, DEMO_KEYS.market);
    expect(rating.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'FIELD_DENIED', argument: 'groupBy[0]' });
    expect(rating.body.data).toBeNull();
    expect(rating.statements).toBe(0);
  });
});
