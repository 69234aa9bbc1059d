/**
 * bench/read
 *
 * `DATABASE_URL=… npm run bench -- read [--enterprises N] [--seconds S] [--concurrency C]`:
 * the read path as it ships — authentication, the access model and the read audit on. A
 * hub on PostgreSQL ingests a demo world of N enterprises (default 2,000) through its own
 * connectors, then each query runs at concurrency C for S seconds with random keys, as
 * the analyst: Q1 one enterprise by USCC (4 fields), Q2 a profile (licenses, credit
 * records, loans, tax ratings, parcels, units). Reports req/s, p50/p99 and the CPU
 * milliseconds of this process per request (the hub and its load generator share it: the
 * figure is an upper bound, stable across runs, for comparing builds).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import postgres from 'postgres';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { startHub } from '../src/hub.js';

const { values } = parseArgs({ options: { enterprises: { type: 'string', default: '2000' }, seconds: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '10' } } });
const base = process.env.DATABASE_URL;
if (!base) {
  console.error('bench read needs DATABASE_URL (a PostgreSQL server)');
  process.exit(2);
}
const n = Number(values.enterprises);
const dbName = `govgraph_bench_read_${Date.now()}`;
const admin = postgres(base, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
const url = new URL(base);
url.pathname = `/${dbName}`;
const dir = mkdtempSync(join(tmpdir(), 'govgraph-bench-read-'));
const demo = loadConfigFile(DEMO_CONFIG_PATH);
const hub = await startHub({
  config: { ...demo, demo: { enterprises: n, seed: 20261124 }, limits: { ...demo.limits, lookupsPerMinute: 1_000_000, maxConcurrentPerPrincipal: 1000 } },
  databaseUrl: url.href, dataDir: 'memory://', simulatorDir: dir, port: 0, log: pino({ level: 'silent' }), personKey: '33'.repeat(32),
});
const loadStarted = performance.now();
await hub.scheduler!.firstRound;
await hub.scheduler!.stop();
const usccs = (await hub.database.query<{ uscc: string }>('select uscc from enterprise where uscc is not null')).map((r) => r.uscc);
console.log(`world: ${n} enterprises, ${usccs.length} with a USCC, loaded in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`);

const KEY = 'Bearer gg_analyst-demo.zz0ZoEqklY_AMaabTXIDKp0MpnpixbO-';
const QUERIES = {
  Q1: 'query($u: String!) { enterprise(uscc: $u) { uscc name status divisionCode } }',
  Q2: `query($u: String!) { enterprise(uscc: $u) { uscc name status licenses { licenseId typeName validTo status } creditRecords { kind docNo decidedOn }
    loans { contractNo amount firstLoan } tax { tin status ratings { year rating } } parcels { parcelCode areaM2 landUse units { unitCode } } } }`,
};

for (const [name, query] of Object.entries(QUERIES)) {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + Number(values.seconds) * 1000;
  const cpu0 = process.cpuUsage();
  const statements0 = hub.database.counter.statements;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Number(values.concurrency) }, async () => {
    while (performance.now() < until) {
      const u = usccs[Math.floor(Math.random() * usccs.length)]!;
      const started = performance.now();
      const res = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: KEY }, body: JSON.stringify({ query, variables: { u } }) });
      const body = (await res.json()) as { errors?: unknown };
      if (res.status !== 200 || body.errors) errors++;
      latencies.push(performance.now() - started);
    }
  }));
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
  console.log(`${name}: ${latencies.length} requests, ${errors} errors, ${(latencies.length / wall).toFixed(0)} req/s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, `
    + `CPU ${((cpu.user + cpu.system) / 1000 / latencies.length).toFixed(2)} ms/request, `
    + `${((hub.database.counter.statements - statements0) / latencies.length).toFixed(1)} counted SQL statements/request (the audit's own are not counted)`);
}
await hub.stop();
await admin.unsafe(`drop database if exists ${dbName} with (force)`);
await admin.end();
rmSync(dir, { recursive: true, force: true });
