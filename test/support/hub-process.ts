/**
 * test/support/hub-process
 *
 * The hub as it is deployed: `npm start` in its own process (the build made once, then
 * `node dist/main.js`), on PGlite in a temporary folder or on the test's PostgreSQL
 * database, its JSON log lines collected, its URL read from the line that announces it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;

/** `npm run build` if dist/ is stale; throws with tsc's output when the build fails. */
export function buildOnce(): void {
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface HubProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Every JSON log line so far. */
  readonly lines: Record<string, any>[];
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  waitForLine(match: (l: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  cleanup(): void;
}

export async function startHubProcess(config: unknown, databaseUrl: string | undefined, env: Record<string, string> = {}): Promise<HubProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'govgraph-proc-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const childEnv: Record<string, string | undefined> = { ...process.env, PORT: '0', GOVGRAPH_CONFIG: join(dir, 'config.json'), GOVGRAPH_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info', ...env };
  if (databaseUrl) childEnv.DATABASE_URL = databaseUrl;
  else delete childEnv.DATABASE_URL;
  // Its own process group: `cleanup` can then end npm and the hub under it together (npm cannot pass SIGKILL on).
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const lines: Record<string, any>[] = [];
  let raw = '';
  let pending = '';
  child.stdout!.on('data', (d) => {
    pending += String(d);
    raw += String(d);
    let i: number;
    while ((i = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, i);
      pending = pending.slice(i + 1);
      try {
        lines.push(JSON.parse(line));
      } catch {
        // not a log line (npm's own output)
      }
    }
  });
  child.stderr!.on('data', (d) => (raw += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitForLine = async (match: (l: Record<string, any>) => boolean, timeoutMs = 60_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = lines.find(match);
      if (found) return found;
      if (child.exitCode !== null) throw new Error(`the hub exited ${child.exitCode}: ${raw.slice(-3000)}`);
      if (Date.now() > until) throw new Error(`no such log line in ${timeoutMs} ms: ${raw.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const announced = await waitForLine((l) => typeof l.url === 'string' && /serving/.test(l.msg ?? ''), 120_000);
  return {
    child, url: announced.url as string, lines, exited, waitForLine,
    cleanup() {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // the group is gone already
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
