/**
 * bench/support/hub-process
 *
 * What the read benchmarks share: a PostgreSQL database of their own (created once, then
 * reused), a hub under test in its own process (so its CPU time and RSS are its own, read
 * from /proc), and stopping it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { HUB_NODE_FLAGS } from '../../src/platform/node-flags.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PERSON_KEY = '33'.repeat(32);

export const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const port = (s.address() as { port: number }).port;
    s.close(() => resolve(port));
  });
});

/** `name` on the server of `base` (created when missing); whether it was there already. */
export async function benchDatabase(base: string, name: string): Promise<{ url: URL; existed: boolean }> {
  const url = new URL(base);
  url.pathname = `/${name}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const existed = (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
  if (!existed) await admin.unsafe(`create database ${name}`);
  await admin.end();
  return { url, existed };
}

/**
 * A hub process serving `databaseUrl` with `config` (written into `dir`); resolves once its
 * log says `ready`. `profile`: a V8 CPU profile into bench/out/prof; `traceGc`: its
 * garbage-collector trace, copied to this process's stderr.
 */
export async function hubProcess(
  dir: string, databaseUrl: string, config: object, ready: string, profile = false, traceGc = false,
): Promise<{ child: ChildProcess; url: string }> {
  const file = join(dir, `config-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(config));
  const port = await freePort();
  const flags = [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench/out/prof')}`] : []), ...(traceGc ? ['--trace-gc'] : [])];
  const child = spawn(process.execPath, [...HUB_NODE_FLAGS, ...flags, '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, GOVGRAPH_CONFIG: file, DATABASE_URL: databaseUrl, PORT: String(port), GOVGRAPH_PERSON_KEY: PERSON_KEY, GOVGRAPH_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info' },
  });
  if (traceGc) child.stdout!.pipe(process.stderr);
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (!seen.includes(ready)) return;
      // From here the log (a line per operation) is only drained, never kept or searched.
      child.stdout!.off('data', onData);
      resolve();
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`hub exited ${code} before "${ready}"`)));
  });
  child.stdout!.resume();
  return { child, url: `http://127.0.0.1:${port}/graphql` };
}

export const stopProcess = (child: ChildProcess) => new Promise<void>((resolve) => {
  child.once('exit', () => resolve());
  child.kill('SIGTERM');
});

/** A process's CPU milliseconds, RSS and peak RSS (MB), from /proc. */
export function usage(pid: number): { cpuMs: number; rssMb: number; peakMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) / 1024);
  return { cpuMs: (ticks * 1000) / 100, rssMb: mb('VmRSS'), peakMb: mb('VmHWM') };
}
