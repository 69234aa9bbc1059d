/**
 * bench/support/measure
 *
 * How the read benchmarks at province scale are run and measure: their arguments, a question asked of the hub under
 * load (p50, p99, and the hub's CPU per request from /proc), and a question asked of the
 * hub and of hand-written SQL in turn (the medians and their ratio).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres, { type Sql } from 'postgres';
import { openDatabase } from '../../src/db/client.js';
import { WORLD_VERSION } from './analyst-world.js';
import { benchDatabase, usage } from './hub-process.js';

export interface ProvinceArgs {
  /** The PostgreSQL server (DATABASE_URL). */
  readonly base: string;
  readonly enterprises: number;
  readonly requests: number;
  readonly concurrency: number;
  /** A scratch folder for the hub's config and data. */
  readonly dir: string;
  /** Write a V8 CPU profile of the hub under test to bench/out/prof (`--profile`). */
  readonly profile: boolean;
  /** Whether the measurement `name` (V1, P3 …) is to run: all, or those `--only` lists (comma-separated). */
  readonly runs: (name: string) => boolean;
  /**
   * `--database NAME`: an existing database to measure as it is, not filled by SQL — e.g. a
   * world the simulator generated and the connectors ingested (`npm run bench -- world --keep`).
   */
  readonly database?: string;
}

/**
 * `--enterprises` (1,000,000), `--requests` (200), `--concurrency` (4), `--only V3,V4`,
 * `--profile`, `--database NAME` and DATABASE_URL, which a province-scale read benchmark needs (exit 2 without).
 */
export function provinceArgs(name: string): ProvinceArgs {
  const { values } = parseArgs({
    options: {
      enterprises: { type: 'string', default: '1000000' }, requests: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '4' },
      only: { type: 'string' }, profile: { type: 'boolean', default: false }, database: { type: 'string' },
    },
  });
  const only = values.only?.split(',').map((s) => s.trim().toUpperCase());
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.error(`bench ${name} needs DATABASE_URL (a PostgreSQL server)`);
    process.exit(2);
  }
  return {
    base, enterprises: Number(values.enterprises), requests: Number(values.requests), concurrency: Number(values.concurrency),
    dir: mkdtempSync(join(tmpdir(), `govgraph-bench-${name}-`)),
    profile: values.profile, runs: (m) => !only || only.includes(m), database: values.database,
  };
}

export type Ask = (query: string, variables?: object) => Promise<unknown>;

/** Rounds of `concurrency` requests each before a page is measured. */
const WARM_UP_ROUNDS = 5;

/** `requests` requests of `query` from `concurrency` clients (variables per request index), after a warm-up. */
export async function underLoad(name: string, ask: Ask, pid: number, query: string, variables: (i: number) => object, requests: number, concurrency: number): Promise<void> {
  // Warm-up at the measured concurrency, not measured: a fresh hub opens its pool's connections and compiles its code
  // on the first requests (the first 8 of P1 took 35–121 ms against a p50 of 13 ms).
  for (let round = 0; round < WARM_UP_ROUNDS; round++) await Promise.all(Array.from({ length: concurrency }, (_x, i) => ask(query, variables(i))));
  const latencies: number[] = [];
  const before = usage(pid);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < requests) {
      const i = next++;
      const t0 = performance.now();
      await ask(query, variables(i));
      latencies.push(performance.now() - t0);
    }
  }));
  const after = usage(pid);
  latencies.sort((a, b) => a - b);
  const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
  console.log(`${name}: ${latencies.length} requests at concurrency ${concurrency}, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, hub CPU ${((after.cpuMs - before.cpuMs) / latencies.length).toFixed(2)} ms/request`);
}

/**
 * The benchmark's own database, `govgraph_bench_<name>_v<world version>_<N>`: migrated and filled by `fill`
 * once (when `table` does not hold N rows yet) and vacuumed, as the hub's first load ends, then
 * reused; analysed either way. With `database` (`--database`), that database as it is: it must
 * exist and hold the hub's tables.
 */
export async function provinceDatabase(
  a: Pick<ProvinceArgs, 'base' | 'enterprises' | 'database'>, name: string, table: string, fill: (db: Sql) => Promise<void>,
): Promise<{ url: URL; db: Sql }> {
  if (a.database) return givenDatabase(a.base, a.database, table);
  const { url, existed } = await benchDatabase(a.base, `govgraph_bench_${name}_v${WORLD_VERSION}_${a.enterprises}`);
  const db = postgres(url.href, { max: 2, onnotice: () => {} });
  const loaded = existed && Number((await db.unsafe(`select count(*)::int as n from ${table}`).catch(() => [{ n: 0 }]))[0]!.n) === a.enterprises;
  if (!loaded) {
    const started = performance.now();
    const hubDb = await openDatabase({ url: url.href });
    await hubDb.migrate();
    await hubDb.close();
    await fill(db);
    // As the hub's own first load ends (ingest/table-statistics): hint bits and the visibility map set once, by the loader.
    await db`vacuum (analyze)`;
    console.log(`data: ${a.enterprises} enterprises made by SQL in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } else {
    console.log(`data: reusing ${url.pathname.slice(1)}`);
    await db`analyze`;
  }
  return { url, db };
}

async function givenDatabase(base: string, name: string, table: string): Promise<{ url: URL; db: Sql }> {
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = postgres(url.href, { max: 2, onnotice: () => {} });
  const [row] = await db.unsafe(`select count(*)::int as n from ${table}`).catch((e: Error) => {
    console.error(`--database ${name}: ${e.message} (a database with the hub's tables, e.g. from npm run bench -- world --keep)`);
    process.exit(2);
  });
  console.log(`data: ${name} as it is (${row!.n} rows in ${table})`);
  await db`analyze`;
  return { url, db };
}

/** GraphQL over HTTP to the hub under test, as `key` (or another key per call); an answer with errors throws. */
export function graphqlClient(url: string, key: string) {
  return async (query: string, variables: object = {}, as: string = key): Promise<Record<string, any>> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: as }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { errors?: unknown[]; data?: Record<string, any> };
    if (body.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors[0])}`);
    return body.data!;
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The hub's answer against the same answer hand-written in SQL (`sql`, run in turn), `rounds` times each. */
export async function againstSql(name: string, ask: Ask, db: Sql, query: string, variables: object, sql: readonly string[], rounds: number): Promise<void> {
  const hubMs: number[] = [];
  const sqlMs: number[] = [];
  await ask(query, variables);
  for (const q of sql) await db.unsafe(q);
  for (let i = 0; i < rounds; i++) {
    let t0 = performance.now();
    await ask(query, variables);
    hubMs.push(performance.now() - t0);
    t0 = performance.now();
    for (const q of sql) await db.unsafe(q);
    sqlMs.push(performance.now() - t0);
  }
  console.log(`${name}: hub ${median(hubMs).toFixed(1)} ms, hand-written SQL ${median(sqlMs).toFixed(1)} ms, ratio ${(median(hubMs) / median(sqlMs)).toFixed(2)}`);
}
