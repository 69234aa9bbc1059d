/**
 * bench/read
 *
 * `DATABASE_URL=… npm run bench -- read [--enterprises N] [--seconds S] [--concurrency C] [--world connectors|sql] [--only Q1,Q2] [--profile]`:
 * the read path as it ships — authentication, the access model and the read audit on.
 * - The world: a PostgreSQL database `govgraph_bench_read_<N>` holding a demo world of N
 *   enterprises (default 50,000), ingested once through the hub's own connectors (a hub
 *   process with the demo config) and reused by later runs. `--world sql` instead reads the
 *   province-scale world the views benchmark makes by set-based SQL
 *   (`govgraph_bench_views_v<version>_<N>`, bench/support/views-world): a million enterprises in
 *   minutes, for how the read path scales (its p99 at 1M against 10k); its rows are the
 *   same tables' but not the demo world's (fewer units and registrations).
 * - The hub under test: its own process (`node --import tsx src/main.ts`) serving that
 *   database without ingest, so its CPU time and RSS are its own (read from /proc), and
 *   without the scheduled alert scans (a million licenses' expiry scan at start takes
 *   seconds of PostgreSQL's time, in the first measured window).
 * - The load: from this process, C clients for S seconds per query (after 5 unmeasured
 *   rounds of C), random USCCs, as the analyst: Q1 one enterprise (4 fields), Q2 a profile
 *   (licenses, credit records, loans, tax ratings, parcels, units), Q3 the first 100
 *   enterprises with licenses, credit records and tax ratings, Q4 a filtered page (a
 *   city's operating enterprises, counted).
 *   Each with the read planner off (every field through the resolvers) and on (`--planner
 *   off|on|both`, default both), the same code otherwise.
 * - The floor: Q1's lookup as a prepared statement through pgbench at the same
 *   concurrency, in the same run.
 * Reports req/s, p50/p99, hub CPU ms per request, hub RSS, PostgreSQL transactions per
 * request (its own count, `pg_stat_database.xact_commit`: every statement outside a
 * transaction is one; the read audit's group commits included), and Q1 as a share of the
 * floor.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { chinaToday } from '../src/domain/china-day.js';
import { validateUscc } from '../src/domain/identifiers/uscc.js';
import { benchDatabase, hubProcess, stopProcess, usage } from './support/hub-process.js';
import { provinceDatabase } from './support/measure.js';
import { fillProvinceWorld } from './support/views-world.js';

const { values } = parseArgs({
  options: {
    enterprises: { type: 'string', default: '50000' }, seconds: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '10' },
    planner: { type: 'string', default: 'both' }, world: { type: 'string', default: 'connectors' },
    /** Only these queries (comma-separated: Q1,Q3). */
    only: { type: 'string' },
    /** Write a V8 CPU profile of the hub under test to bench/out/prof. */
    profile: { type: 'boolean', default: false },
  },
});
const base = process.env.DATABASE_URL;
if (!base) {
  console.error('bench read needs DATABASE_URL (a PostgreSQL server)');
  process.exit(2);
}
const n = Number(values.enterprises);
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const dir = mkdtempSync(join(tmpdir(), 'govgraph-bench-read-'));
const demo = loadConfigFile(DEMO_CONFIG_PATH);

// ---- the world, once ------------------------------------------------------------------
const { url, db } = values.world === 'sql'
  ? await provinceDatabase({ base, enterprises: n }, 'views', 'taxpayer', (db) => fillProvinceWorld(db, n, chinaToday(new Date())))
  : await demoWorld();

async function demoWorld() {
  const { url, existed: exists } = await benchDatabase(base!, `govgraph_bench_read_${n}`);
  const db = postgres(url.href, { max: 2, onnotice: () => {} });
  const loaded = exists && Number((await db`select count(*)::int as n from enterprise`.catch(() => [{ n: 0 }]))[0]!.n) > 0;
  if (!loaded) {
    const started = performance.now();
    const loader = await hubProcess(dir, url.href, { ...demo, demo: { enterprises: n, seed: 20261124 } }, 'first ingest round finished');
    await stopProcess(loader.child);
    console.log(`world: ${n} enterprises ingested through the connectors in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } else console.log(`world: reusing ${url.pathname.slice(1)}`);
  return { url, db };
}
// A freshly loaded world has no planner statistics yet (autovacuum gets there later): without them PostgreSQL guesses.
await db`analyze`;
// Keys the lookups accept: every USCC of the SQL world (bench_uscc) and of the demo world, checked with the hub's own validator.
const usccs = (await db`select uscc from enterprise where uscc is not null`).map((r) => r.uscc as string).filter((u) => validateUscc(u).ok);
console.log(`keys: ${usccs.length} valid USCCs to look up`);

// ---- the hub under test, planner off then on -----------------------------------------
const { sources: _s, demo: _d, ...serving } = demo;
const KEY = 'Bearer gg_analyst-demo.zz0ZoEqklY_AMaabTXIDKp0MpnpixbO-';
const QUERIES: Record<string, string> = {
  Q1: 'query($u: String!) { enterprise(uscc: $u) { uscc name status divisionCode } }',
  Q2: `query($u: String!) { enterprise(uscc: $u) { uscc name status licenses { licenseId typeName validTo status } creditRecords { kind docNo decidedOn }
    loans { contractNo amount firstLoan } tax { tin status ratings { year rating } } parcels { parcelCode areaM2 landUse units { unitCode } } } }`,
  Q3: `{ enterprises(first: 100) { edges { node { uscc name licenses { licenseId typeName validTo } creditRecords { kind docNo } taxRating { year rating } } } } }`,
  Q4: `query($d: String!) { enterprises(first: 20, filter: { divisionCode: { within: $d }, status: { eq: SUBSISTING } }) { totalCount pageInfo { hasNextPage endCursor } edges { node { uscc name establishedOn } } } }`,
};
const cities = (await db`select distinct left(division_code, 4) || '00' as c from enterprise where division_code is not null`).map((r) => r.c as string);
const commits = async () => Number((await db`select xact_commit::bigint as n from pg_stat_database where datname = current_database()`)[0]!.n);
/** Rounds of C requests before each query's measured window. */
const WARM_UP_ROUNDS = 5;
const modes = values.planner === 'both' ? [false, true] : [values.planner === 'on'];

const results: Record<string, number> = {};
for (const planner of modes) {
  const hub = await hubProcess(dir, url.href, { ...serving, alerts: { ...demo.alerts, scheduled: false }, reads: { planner }, limits: { ...demo.limits, lookupsPerMinute: 1_000_000, maxConcurrentPerPrincipal: 1000 } }, 'govgraph is serving', values.profile);
  console.log(`-- planner ${planner ? 'on' : 'off'}`);
  for (const [name, query] of Object.entries(QUERIES)) {
    if (values.only && !values.only.split(',').includes(name)) continue;
    let errors = 0;
    const ask = async () => {
      const u = usccs[Math.floor(Math.random() * usccs.length)]!;
      const variables = query.includes('$u') ? { u } : query.includes('$d') ? { d: cities[Math.floor(Math.random() * cities.length)] } : {};
      const res = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: KEY }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { errors?: unknown };
      if (res.status !== 200 || body.errors) { if (errors++ === 0) console.error(`${name}: first error (HTTP ${res.status}): ${JSON.stringify(body.errors ?? body).slice(0, 400)}`); }
    };
    // Warm-up, not measured: a fresh hub opens its pool's connections and PostgreSQL plans each statement on first use.
    for (let round = 0; round < WARM_UP_ROUNDS; round++) await Promise.all(Array.from({ length: concurrency }, ask));
    errors = 0;
    const latencies: number[] = [];
    const until = performance.now() + seconds * 1000;
    const before = usage(hub.child.pid!);
    const xacts = await commits();
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        await ask();
        latencies.push(performance.now() - started);
      }
    }));
    const wall = (performance.now() - t0) / 1000;
    const after = usage(hub.child.pid!);
    // The stats collector reports within half a second.
    await new Promise((r) => setTimeout(r, 700));
    const perRequest = ((await commits()) - xacts - 1) / latencies.length;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
    results[`${name}${planner ? '' : '/off'}`] = latencies.length / wall;
    console.log(`${name}: ${latencies.length} requests, ${errors} errors, ${(latencies.length / wall).toFixed(0)} req/s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, `
      + `hub CPU ${((after.cpuMs - before.cpuMs) / latencies.length).toFixed(2)} ms/request, hub RSS ${after.rssMb} MB, PostgreSQL transactions ${perRequest.toFixed(2)}/request`);
  }
  await stopProcess(hub.child);
}

// ---- the floor: Q1 as a prepared statement through pgbench ------------------------------
await db.unsafe('create table if not exists bench_keys (i int primary key, uscc text not null)');
await db.unsafe('truncate bench_keys');
await db.unsafe('insert into bench_keys select row_number() over (order by uscc), uscc from enterprise where uscc is not null');
const script = join(dir, 'q1.sql');
writeFileSync(script, `\\set i random(1, ${usccs.length})\nselect e.uscc, e.name, e.status, e.division_code from enterprise e where e.uscc = (select uscc from bench_keys where i = :i);\n`);
const out = execFileSync('pgbench', ['-n', '-M', 'prepared', '-c', String(concurrency), '-j', '2', '-T', String(seconds), '-f', script, url.href], { encoding: 'utf8' });
const tps = Number(/tps = ([\d.]+)/.exec(out)![1]);
const share = (q: string) => (results[q] === undefined ? '' : ` ${q.endsWith('/off') ? 'planner off' : 'planner on'} ${((results[q]! / tps) * 100).toFixed(1)} %`);
console.log(`floor: Q1's lookup as a prepared statement through pgbench, ${tps.toFixed(0)} per second; hub Q1 as a share of it:${share('Q1/off')}${share('Q1')}`);
await db.end();
rmSync(dir, { recursive: true, force: true });
