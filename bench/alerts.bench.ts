/**
 * bench/alerts
 *
 * `npm run bench -- alerts [--sockets N] [--rate R] [--seconds S] [--hubs H]` (PostgreSQL via
 * DATABASE_URL): starts a hub as its own process (`src/main.ts`, no sources) on a fresh
 * database — or H hubs on that database, socket i on hub i mod H, as a load balancer in
 * front of several hubs spreads them (each hub runs its own bus and audits its own
 * deliveries) — opens N WebSockets (default 10,000) each subscribed to `alerts` with a filter
 * (one of ten cities; a third also by kind), then commits R alerts per second (default 10)
 * for S seconds (default 15), one transaction each, through the event log from a second
 * connection — as another hub's ingest would. For every delivery it measures the time from
 * the commit returning to the message arriving, and reports p50/p99/max, deliveries
 * expected vs received (waiting for a hub that fell behind while it still delivers), and
 * each hub's RSS with all sockets open. Not a test: figures from a shared machine vary;
 * compare them within one run.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import WebSocket from 'ws';
import type { AlertDraft } from '../src/alerts/evaluate.js';
import { appendToLog } from '../src/alerts/log.js';
import { openDatabase, type Db } from '../src/db/client.js';
import { hubProcess, stopProcess, usage } from './support/hub-process.js';

const { values } = parseArgs({
  options: {
    sockets: { type: 'string', default: '10000' }, rate: { type: 'string', default: '10' }, seconds: { type: 'string', default: '15' }, hubs: { type: 'string', default: '1' },
    /** Write a V8 CPU profile of the hub to bench/out/prof. */
    profile: { type: 'boolean', default: false },
    /** Print the hub's garbage-collector trace. */
    'trace-gc': { type: 'boolean', default: false },
  },
});
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('npm run bench -- alerts needs DATABASE_URL (a PostgreSQL the bench may create databases in)');
  process.exit(2);
}
const N = Number(values.sockets);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const HUBS = Number(values.hubs);
if (!Number.isInteger(HUBS) || HUBS < 1) {
  console.error(`--hubs takes a whole number of hubs, 1 or more (got ${values.hubs})`);
  process.exit(2);
}
const CITIES = ['340100', '340200', '340300', '340400', '340500', '340600', '340700', '340800', '341000', '341100'];
const KINDS = ['LICENSE_EXPIRING', 'ADMIN_PENALTY', 'COURT_DEFAULTER', 'TAX_ARREARS', 'TAX_RATING_D', 'NEW_MORTGAGE', 'DEREGISTERED_WITH_VALID_LICENSES', 'PARCEL_STALLED'];
const KIND_FILTER = ['TAX_ARREARS', 'LICENSE_EXPIRING'];

const admin = postgres(url, { max: 1, onnotice: () => {} });
const dbName = `govgraph_bench_alerts_${Date.now()}`;
await admin.unsafe(`create database ${dbName}`);
const dbUrl = (() => {
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  return u.href;
})();
const dir = mkdtempSync(join(tmpdir(), 'govgraph-bench-alerts-'));
// Every socket here is a bench client on the same two cores: give them the time a saturated run needs.
// One dashboard key, allowed to subscribe to alerts and read them.
const BENCH_KEY = { id: 'bench', secret: 'bench-secret-not-for-use-anywhere' };
const config = {
  sources: [],
  subscriptions: { maxStallMs: 60_000, maxConnectionsPerPrincipal: 100_000 },
  auth: { apiKeys: [{ id: BENCH_KEY.id, department: 'dashboard', secretSha256: createHash('sha256').update(BENCH_KEY.secret).digest('hex') }] },
  policy: { departments: { dashboard: { operations: { query: [], mutation: [], subscription: ['alerts'] }, classes: { ALERT: 'allow', PUBLIC_REGISTER: 'allow', PROPERTY: 'allow', CREDIT_PENALTY: 'allow', TAX: 'allow', FINANCIAL: 'allow' } } } },
};
/** One after another: each migrates the database as it starts. */
const hubs: Awaited<ReturnType<typeof hubProcess>>[] = [];
for (let h = 0; h < HUBS; h++) hubs.push(await hubProcess(dir, dbUrl, config, 'govgraph is serving', values.profile, values['trace-gc']));
for (const hub of hubs) console.log(`hub (pid ${hub.child.pid}) at ${hub.url}; idle RSS ${usage(hub.child.pid!).rssMb} MB`);

// ------------------------------------------------------------------ sockets
interface Sub {
  readonly city: string;
  readonly kinds: readonly string[] | null;
  received: number;
}
const subs: Sub[] = [];
const commitAt = new Map<number, number>();
const pending: { n: number; at: number }[] = [];
const latencies: number[] = [];
/** Latencies by the second (of the run) their alert was committed in. */
const bySecond = new Map<number, number[]>();
let runStart = 0;
const note = (n: number, ms: number) => {
  latencies.push(ms);
  const sec = Math.floor((commitAt.get(n)! - runStart) / 1000);
  const list = bySecond.get(sec) ?? [];
  list.push(ms);
  bySecond.set(sec, list);
};
let probes = 0;
const sockets: WebSocket[] = [];

function open(i: number): Promise<void> {
  const sub: Sub = { city: CITIES[i % CITIES.length]!, kinds: i % 3 === 0 ? KIND_FILTER : null, received: 0 };
  subs.push(sub);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(hubs[i % HUBS]!.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    sockets.push(ws);
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer gg_${BENCH_KEY.id}.${BENCH_KEY.secret}` } })));
    ws.on('message', (data) => {
      const now = performance.now();
      const msg = JSON.parse(String(data));
      if (msg.type === 'connection_ack') {
        const filter = sub.kinds ? `{ division: "${sub.city}", kinds: [${sub.kinds.join(', ')}] }` : `{ division: "${sub.city}" }`;
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `subscription { alerts(filter: ${filter}) { cursor kind title divisionCode } }` } }));
        resolve();
      } else if (msg.type === 'next') {
        const title: string = msg.payload.data.alerts.title;
        if (title.startsWith('probe')) {
          probes++;
          return;
        }
        sub.received++;
        const n = Number(title.slice('bench-'.length));
        const c = commitAt.get(n);
        if (c === undefined) pending.push({ n, at: now });
        else note(n, now - c);
      } else if (msg.type === 'error') {
        reject(new Error(JSON.stringify(msg.payload)));
      }
    });
  });
}

let t0 = performance.now();
for (let i = 0; i < N; i += 250) {
  await Promise.all(Array.from({ length: Math.min(250, N - i) }, (_, j) => open(i + j)));
}
console.log(`${N} sockets connected and subscribed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// ------------------------------------------------------------------ writer
const writer = await openDatabase({ url: dbUrl, poolSize: 2 });
const draft = (title: string, kind: string, city: string, i: number): AlertDraft => ({
  ruleId: 0, kind: kind as AlertDraft['kind'], severity: 'WARNING', dedupeKey: title, subjectType: 'Enterprise', subjectKey: `bench-${i}`,
  enterpriseUscc: null, parcelCode: `${city.slice(0, 4)}01001001GB${String(i % 100000).padStart(5, '0')}`, sourceId: 'bench', title, detail: { i }, factOn: null,
});
const commit = async (d: AlertDraft) => writer.db.transaction(async (tx) => void (await appendToLog(tx as unknown as Db, [d], [])));

// Warm-up: one probe per city that every socket's filter admits; wait until all arrived.
for (const [i, city] of CITIES.entries()) await commit(draft(`probe-${city}`, 'TAX_ARREARS', city, i));
t0 = performance.now();
while (probes < N) {
  if (performance.now() - t0 > 120_000) throw new Error(`only ${probes}/${N} probes arrived`);
  await new Promise((r) => setTimeout(r, 50));
}
console.log(`warm-up: every socket received its probe in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

let expected = 0;
const total = RATE * SECONDS;
const cpuHub0 = hubs.map((h) => usage(h.child.pid!).cpuMs);
const cpuBench0 = process.cpuUsage();
const clientDelay = monitorEventLoopDelay({ resolution: 10 });
clientDelay.enable();
const start = performance.now();
runStart = start;
for (let n = 0; n < total; n++) {
  const due = start + (n * 1000) / RATE;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const city = CITIES[n % CITIES.length]!;
  const kind = KINDS[(n * 7) % KINDS.length]!;
  expected += subs.filter((s) => s.city === city && (!s.kinds || s.kinds.includes(kind))).length;
  await commit(draft(`bench-${n}`, kind, city, n));
  commitAt.set(n, performance.now());
}
// Let the last deliveries land: a hub that fell behind is waited for while it still delivers (nothing
// arrived for 10 s, or 5 minutes in all, ends the wait), so a shortfall is a loss, not a late delivery.
const arrived = () => latencies.length + pending.length;
const drainStarted = performance.now();
let [seen, lastProgress] = [arrived(), drainStarted];
while (arrived() < expected && performance.now() - lastProgress < 10_000 && performance.now() - drainStarted < 300_000) {
  await new Promise((r) => setTimeout(r, 50));
  if (arrived() !== seen) [seen, lastProgress] = [arrived(), performance.now()];
}
const drainSecs = ((arrived() >= expected ? performance.now() : lastProgress) - drainStarted) / 1000;
for (const p of pending) note(p.n, Math.max(0, p.at - commitAt.get(p.n)!));
const wall = (performance.now() - start) / 1000;
const cpuHub = hubs.map((h, k) => (usage(h.child.pid!).cpuMs - cpuHub0[k]!) / 1000);
const cpuBenchUsage = process.cpuUsage(cpuBench0);
const cpuBench = (cpuBenchUsage.user + cpuBenchUsage.system) / 1e6;

latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
const received = subs.reduce((s, x) => s + x.received, 0);
const p99Of = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(0.99 * (xs.length - 1))]!;
const seconds = [...bySecond.keys()].sort((a, b) => a - b).map((s) => p99Of(bySecond.get(s)!).toFixed(0));
console.log('');
console.log(`sockets                       ${N}`);
console.log(`alerts committed              ${total} (${RATE}/s for ${SECONDS} s, one transaction each)`);
console.log(`deliveries expected/received  ${expected} / ${received}${received === expected ? '' : '  <-- MISMATCH: not delivered'}`);
console.log(`last delivery, after the last commit  ${drainSecs.toFixed(1)} s`);
console.log(`commit → delivered p50        ${q(50).toFixed(1)} ms`);
console.log(`commit → delivered p99        ${q(99).toFixed(1)} ms   (goals: ≤ 100 ms at 10 alerts/s, ≤ 250 ms at 50/s)`);
console.log(`commit → delivered max        ${latencies.at(-1)?.toFixed(1)} ms`);
console.log(`p99 second by second (ms)     ${seconds.join(' ')}`);
console.log(`bench clients' own event-loop delay p99 / max  ${(clientDelay.percentile(99) / 1e6).toFixed(0)} / ${(clientDelay.max / 1e6).toFixed(0)} ms (measurement noise: the clients share the 2 cores)`);
for (const h of hubs) {
  const { rssMb, peakMb } = usage(h.child.pid!);
  console.log(`hub ${h.child.pid} RSS now / peak   ${rssMb} MB / ${peakMb} MB   (goal ≤ 1024 MB)`);
}
console.log(`bench (clients) RSS           ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
const share = (cpu: number) => `${((cpu / wall) * 100).toFixed(0)}%`;
console.log(`CPU over the ${wall.toFixed(1)} s run         ${HUBS > 1 ? 'hubs' : 'hub'} ${cpuHub.map(share).join(' + ')} of a core, bench clients ${share(cpuBench)}`);

for (const ws of sockets) ws.terminate();
await writer.close();
await Promise.all(hubs.map((h) => stopProcess(h.child)));
await admin.unsafe(`drop database ${dbName} with (force)`);
await admin.end();
rmSync(dir, { recursive: true, force: true });
process.exit(received === expected ? 0 : 1);
