/**
 * bench/analyst
 *
 * `DATABASE_URL=… npm run bench -- analyst [--enterprises N | --database NAME] [--requests R] [--concurrency C] [--only P1,A1] [--profile]`:
 * analyst questions at province scale, as they ship (the analyst's key, policy and read
 * audit on, the read planner on).
 * - The data: a PostgreSQL database `govgraph_bench_analyst_v<version>_<N>` (default 1,000,000
 *   enterprises) with the hub's migrations, filled by set-based SQL (`generate_series`):
 *   enterprises across 28 Anhui counties, tax ratings for three years, licenses, credit
 *   records and loans in the demo world's proportions. Connector ingest of a million-
 *   enterprise world takes over an hour on this machine (bench world); a read benchmark
 *   needs the rows, not their journey. Made once, then reused. `--database NAME` measures
 *   a world the simulator generated and the connectors loaded instead (`npm run bench --
 *   world --enterprises 1000000 --keep` keeps it), as it is.
 * - Filtered pages of 100 (P1–P5): R requests each from C clients; p50, p99 and hub CPU
 *   milliseconds per request.
 * - Aggregates (A1, A2): the hub's `enterpriseStats` grouped by county under a filter, and
 *   the same aggregate hand-written in SQL run directly (postgres.js, same count), each
 *   R/10 times in turn: the median of each and their ratio.
 * - The plan of each page's statement as the hub compiles it (the rows it reads), and of its
 *   count where the page asks `totalCount` (P4, P5: often the slower of the two; P5's sums
 *   the enterprise tally): EXPLAIN
 *   (ANALYZE) — index or scan, and its execution time (`BENCH_PLANS=1` prints it whole).
 * - ORDERS: the same for every root connection's first page of 100 in each order it offers,
 *   both directions (each should read its (field, tiebreak) index, not sort the table).
 * `--only` names the parts to run (`--only P2,ORDERS`); a page's plan goes with the page.
 */
import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { analystEnv } from '../src/graphql/analyst/access.js';
import { pageOf, type PageArgs } from '../src/graphql/analyst/page.js';
import { inputsOf } from '../src/graphql/analyst/inputs.js';
import { allSpecs } from '../src/graphql/analyst/spec.js';
import { Sql } from '../src/db/sql-parts.js';
import { buildHubSchema } from '../src/graphql/build-schema.js';
import { EntityGate } from '../src/graphql/entity-gate.js';
import { Policy } from '../src/policy/policy.js';
import { hubProcess, stopProcess } from './support/hub-process.js';
import { againstSql, graphqlClient, provinceArgs, provinceDatabase, underLoad } from './support/measure.js';
import { fillAnalystWorld } from './support/analyst-world.js';

const args = provinceArgs('analyst');
const { enterprises: n, requests, concurrency, dir } = args;
const demo = loadConfigFile(DEMO_CONFIG_PATH);

// ---- the data, once ------------------------------------------------------------------
const { url, db } = await provinceDatabase(args, 'analyst', 'enterprise', (db) => fillAnalystWorld(db, n));
const counts = await db`select (select count(*) from enterprise)::int as e, (select count(*) from license)::int as l, (select count(*) from credit_record)::int as c,
  (select count(*) from loan)::int as o, (select count(*) from tax_rating)::int as r`;
console.log(`rows: ${JSON.stringify(counts[0])}`);

// ---- the hub under test --------------------------------------------------------------
const { sources: _s, demo: _d, ...serving } = demo;
const KEY = 'Bearer gg_analyst-demo.zz0ZoEqklY_AMaabTXIDKp0MpnpixbO-';
const hub = await hubProcess(dir, url.href, { ...serving, alerts: { ...demo.alerts, scheduled: false }, limits: { ...demo.limits, lookupsPerMinute: 1_000_000, maxConcurrentPerPrincipal: 1000, timeoutMs: 60_000 } }, 'govgraph is serving', args.profile);
const ask = graphqlClient(hub.url, KEY);

const PAGES: Record<string, { query: string; variables: object }> = {
  P1: { query: `query($c: String!) { enterprises(first: 100, filter: { divisionCode: { within: $c }, status: { eq: SUBSISTING }, establishedOn: { gte: "2020-01-01" } },
    orderBy: [{ field: ESTABLISHED_ON, direction: DESC }]) { pageInfo { hasNextPage endCursor } edges { node { uscc name establishedOn } } } }`, variables: { c: '340100' } },
  P2: { query: `{ enterprises(first: 100, filter: { industryCode: { startsWith: "C" }, taxRating: { rating: { eq: D } }, creditRecords: { some: { kind: { eq: PENALTY }, decidedOn: { gte: "2025-01-01" } } } }) {
    edges { node { uscc name industryCode taxRating { rating } } } } }`, variables: {} },
  P3: { query: `{ enterprises(first: 100, filter: { divisionCode: { within: "340200" }, status: { in: [SUBSISTING, OPERATING] }, loans: { none: {} } },
    orderBy: [{ field: REGISTERED_CAPITAL, direction: DESC }]) { edges { node { uscc name registeredCapital } } } }`, variables: {} },
  P4: { query: `{ enterprises(first: 100, filter: { name: { contains: "科技" }, divisionCode: { within: "341100" } }) { totalCount edges { node { uscc name } } } }`, variables: {} },
  P5: { query: `{ enterprises(first: 100, filter: { divisionCode: { within: "340100" }, status: { eq: SUBSISTING } }) { totalCount edges { node { uscc name } } } }`, variables: {} },
};
for (const [name, p] of Object.entries(PAGES)) if (args.runs(name)) await underLoad(name, ask, hub.child.pid!, p.query, () => p.variables, requests, concurrency);

// ---- aggregates: the hub against the same SQL --------------------------------------------
const AGGREGATES: Record<string, { query: string; sql: string }> = {
  A1: {
    query: '{ enterpriseStats(groupBy: [COUNTY], filter: { status: { eq: SUBSISTING }, establishedOn: { gte: "2015-01-01" } }) { groups { key { county } count sum { registeredCapital } } } }',
    sql: `select division_code, count(*), sum(registered_capital) from enterprise where status = '存续' and established_on >= '2015-01-01' group by 1 order by 1`,
  },
  A2: {
    query: '{ enterpriseStats(groupBy: [COUNTY, TAX_RATING], filter: { industryCode: { startsWith: "C" } }) { groups { key { county taxRating } count } } }',
    sql: `select division_code, (select r.rating from tax_rating r where r.tin = e.uscc order by r.year desc limit 1), count(*) from enterprise e where industry_code like 'C%' group by 1, 2 order by 1, 2`,
  },
};
for (const [name, a] of Object.entries(AGGREGATES)) if (args.runs(name)) await againstSql(name, ask, db, a.query, {}, [a.sql], Math.max(5, Math.floor(requests / 10)));
await stopProcess(hub.child);

// ---- plans: the pages' own statements, compiled as the hub compiles them -------------------
const schema = await buildHubSchema();
const apiKey = demo.auth!.apiKeys!.find((k) => k.id === 'analyst-demo')!;
const gate = new EntityGate({ id: apiKey.id, kind: 'api-key', department: apiKey.department, division: null }, new Policy(demo.policy!));
const enterprises = allSpecs().find((x) => x.typeName === 'Enterprise')!;
/** The pages' arguments as GraphQL hands them to the compiler (enum values are the stored codes). */
const COMPILED: Record<string, PageArgs> = {
  P1: { first: 100, filter: { divisionCode: { within: '340100' }, status: { eq: '存续' }, establishedOn: { gte: '2020-01-01' } }, orderBy: [{ field: 'ESTABLISHED_ON', direction: 'DESC' }] },
  P2: { first: 100, filter: { industryCode: { startsWith: 'C' }, taxRating: { rating: { eq: 'D' } }, creditRecords: { some: { kind: { eq: 'PENALTY' }, decidedOn: { gte: '2025-01-01' } } } } },
  P3: { first: 100, filter: { divisionCode: { within: '340200' }, status: { in: ['存续', '在业'] }, loans: { none: {} } }, orderBy: [{ field: 'REGISTERED_CAPITAL', direction: 'DESC' }] },
  P4: { first: 100, filter: { name: { contains: '科技' }, divisionCode: { within: '341100' } } },
  P5: { first: 100, filter: { divisionCode: { within: '340100' }, status: { eq: '存续' } } },
};
/** EXPLAIN (ANALYZE) of `statement`: its scans and joins, and its execution time (whole with BENCH_PLANS). */
async function explain(label: string, statement: Sql): Promise<void> {
  const { text, params } = statement.toText();
  const plan = (await db.unsafe(`explain (analyze, costs off, timing off, summary on) ${text}`, params as never[])).map((r) => r['QUERY PLAN'] as string);
  const nodes = [...new Set(plan.filter((l) => /Scan|Join|Loop/.test(l)).map((l) => l.trim().replace(/^->\s*/, '').replace(/\s+\(.*$/, '')))];
  console.log(`${label} plan: ${nodes.join(' · ')}; ${plan.at(-1)!.trim()}`);
  if (process.env.BENCH_PLANS) console.log(plan.join('\n'));
}
for (const [name, pageArgs] of Object.entries(COMPILED)) {
  if (!args.runs(name)) continue;
  const page = pageOf(enterprises, pageArgs, analystEnv(schema, gate, false));
  await explain(name, page.rows);
  if (PAGES[name]!.query.includes('totalCount')) await explain(`${name} count`, Sql.of`SELECT ${page.count()}`);
}
// Every root connection's first page of 100 in each order it offers, both directions: read from an index or sorted.
if (args.runs('ORDERS')) {
  for (const spec of allSpecs().filter((s) => s.connection)) {
    for (const field of Object.keys(inputsOf(spec).orderFields)) {
      for (const direction of ['ASC', 'DESC']) {
        await explain(`ORDERS ${spec.connection!.root} ${field} ${direction}`, pageOf(spec, { first: 100, orderBy: [{ field, direction }] }, analystEnv(schema, gate, false)).rows);
      }
    }
  }
}
await db.end();
rmSync(dir, { recursive: true, force: true });
