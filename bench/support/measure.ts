/**
 * bench/support/measure
 *
 * How the read benchmarks at province scale measure: a question asked of the hub under
 * load (p50, p99, and the hub's CPU per request from /proc), and a question asked of the
 * hub and of hand-written SQL in turn (the medians and their ratio).
 */
import type { Sql } from 'postgres';
import { usage } from './hub-process.js';

export type Ask = (query: string, variables?: object) => Promise<unknown>;

/** `requests` requests of `query` from `concurrency` clients (variables per request index). */
export async function underLoad(name: string, ask: Ask, pid: number, query: string, variables: (i: number) => object, requests: number, concurrency: number): Promise<void> {
  await ask(query, variables(0));
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
