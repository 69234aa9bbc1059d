/**
 * bench/views
 *
 * `DATABASE_URL=… npm run bench -- views [--enterprises 1000000] [--requests 200] [--concurrency 4] [--only V3] [--profile]`:
 * the reform views at province scale, as they ship (keys, policy, read audit, planner on).
 * - The data: `govgraph_bench_views_v<version>_<N>` (the hub's migrations), filled once by set-based
 *   SQL — the analyst world (enterprises, tax ratings, licenses, credit records, loans) and
 *   the views' own (tax registrations, three months of payments, arrears, parcels with
 *   lifecycle events); then reused.
 * - V1 `noLoanStats(groupBy: [COUNTY])` and V2 `policyMatches` of a policy matching about
 *   5 % of firms (first page of 100 with its count): the hub against the same answer
 *   hand-written in SQL run directly, each R/10 times in turn: medians and their ratio.
 * - V3 a page of 100 enterprise profiles, V4 a page of the no-loan list: R requests at
 *   concurrency C — p50, p99 and hub CPU ms per request.
 */
import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { chinaToday } from '../src/domain/china-day.js';
import { activeSince } from '../src/views/no-loan.js';
import { hubProcess, stopProcess } from './support/hub-process.js';
import { againstSql, graphqlClient, provinceArgs, provinceDatabase, underLoad } from './support/measure.js';
import { fillProvinceWorld } from './support/views-world.js';

const args = provinceArgs('views');
const { enterprises: n, requests, concurrency, dir } = args;
const demo = loadConfigFile(DEMO_CONFIG_PATH);
const today = chinaToday(new Date());
const since = activeSince(today, demo.views.activeMonths);

// ---- the data, once ------------------------------------------------------------------
const { url, db } = await provinceDatabase(args, 'views', 'taxpayer', (db) => fillProvinceWorld(db, n, today));
const counts = await db`select (select count(*) from enterprise)::int as e, (select count(*) from tax_payment)::int as p, (select count(*) from loan)::int as l,
  (select count(*) from land_parcel)::int as parcels, (select count(*) from parcel_event)::int as events`;
console.log(`rows: ${JSON.stringify(counts[0])}`);

// ---- the hub under test --------------------------------------------------------------
const { sources: _s, demo: _d, ...serving } = demo;
const ANALYST = 'Bearer gg_analyst-demo.zz0ZoEqklY_AMaabTXIDKp0MpnpixbO-';
const ADMIN = 'Bearer gg_admin-demo.AAKtD6AStKyOW6OHrOzcaWTmxl4FCYqI';
const hub = await hubProcess(dir, url.href, { ...serving, limits: { ...demo.limits, lookupsPerMinute: 1_000_000, maxConcurrentPerPrincipal: 1000, timeoutMs: 120_000 } }, 'govgraph is serving', args.profile);
const ask = graphqlClient(hub.url, ANALYST);

// A policy meeting about 5 % of firms: operating, registered capital at most 4,300 万元.
const created = await ask('mutation($i: SupportPolicyInput!) { createSupportPolicy(input: $i) { announced policy { id } } }', {
  i: { title: 'bench policy', issuer: 'bench', criteria: { status: { in: ['SUBSISTING', 'OPERATING'] }, registeredCapital: { lte: '$cap' } }, params: { cap: 4300 } },
}, ADMIN);
const policyId = created.createSupportPolicy.policy.id as number;
console.log(`policy ${policyId}: ${created.createSupportPolicy.announced} firms announced eligible on creation (${((created.createSupportPolicy.announced / n) * 100).toFixed(1)} %)`);

const small = `case when e.industry_code like 'I65%' then 1000 when e.industry_code like 'C%' then 5000 else 2000 end`;
const AGAINST: Record<string, { query: string; variables?: object; sql: string[] }> = {
  V1: {
    query: '{ noLoanStats(groupBy: [COUNTY]) { groups { key { county } listed firstLoansThisYear } } }',
    sql: [`with pay as (select distinct tin from tax_payment where (year, month) >= (${since.year}, ${since.month}) and amount > 0),
      live as (select distinct borrower_uscc from loan where not withdrawn)
      select e.division_code, count(*) from enterprise e join taxpayer t on t.tin = e.uscc and t.status = '正常' join pay on pay.tin = e.uscc
      left join live on live.borrower_uscc = e.uscc where live.borrower_uscc is null and e.status in ('存续', '在业') and e.registered_capital <= ${small}
      group by 1 order by 1`],
  },
  V2: {
    query: 'query($p: Int!) { policyMatches(policyId: $p, first: 100) { totalCount edges { node { uscc } } } }', variables: { p: policyId },
    sql: [`select count(*) from enterprise where status in ('存续', '在业') and registered_capital <= 4300`,
      `select uscc from enterprise where status in ('存续', '在业') and registered_capital <= 4300 order by id limit 101`],
  },
};
for (const [name, a] of Object.entries(AGAINST)) if (args.runs(name)) await againstSql(name, ask, db, a.query, a.variables ?? {}, a.sql, Math.max(5, Math.floor(requests / 10)));

const COUNTIES = ['340102', '340103', '340104', '340111', '340121', '340122', '340123', '340124', '340202', '340207', '341102', '341103'];
const LOADS: Record<string, { query: string; variables: (i: number) => object }> = {
  V3: {
    query: `query($c: String!) { enterprises(first: 100, filter: { divisionCode: { within: $c } }) { edges { node { uscc profile {
      ageYears capitalBand sizeClass statuses { source status standing } statusesAgree validLicenses expiringLicenses penaltiesRecent courtDefaulter
      taxRatings { year rating } taxRatingTrend arrearsOutstanding loanCount loanTotal hasFirstLoan parcelsHeld landAreaM2 taxPaidLast12Months riskFlags { code reason } } } } } }`,
    variables: (i) => ({ c: COUNTIES[i % COUNTIES.length] }),
  },
  V4: {
    query: 'query($c: String!) { noLoanList(first: 100, filter: { divisionCode: { within: $c } }) { edges { node { uscc sizeClass reasons } } } }',
    variables: (i) => ({ c: COUNTIES[i % COUNTIES.length] }),
  },
};
for (const [name, p] of Object.entries(LOADS)) if (args.runs(name)) await underLoad(name, ask, hub.child.pid!, p.query, p.variables, requests, concurrency);

await ask(`mutation { withdrawSupportPolicy(id: ${policyId}) { id } }`, {}, ADMIN);
await stopProcess(hub.child);
await db.end();
rmSync(dir, { recursive: true, force: true });
