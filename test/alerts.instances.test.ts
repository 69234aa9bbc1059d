/**
 * Two hub processes on one PostgreSQL: this test's hub and a second `npm start` process
 * (src/main.ts) on the same database. An alert created through either — a webhook push
 * into one of them — reaches every subscriber of both exactly once, through LISTEN/NOTIFY
 * and the log. PostgreSQL only: embedded PGlite is one process by construction (the same
 * code path is covered in one process by alerts.test.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../src/alerts/evaluate.js';
import { elicenseItems } from '../src/simulator/elicense.outlet.js';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { startTestHub, type TestHub } from './support/hub.js';
import { pushLicense } from './support/push.js';
import { eventually, record, wsClient, type Recorder } from './support/ws.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const onPostgres = !!process.env.DATABASE_URL;

describe.runIf(onPostgres)('two hub processes on one PostgreSQL', () => {
  let a: TestHub;
  let b: ChildProcess;
  let bUrl: string;
  let dir: string;
  const clients: { dispose(): unknown }[] = [];

  beforeAll(async () => {
    a = await startTestHub({ enterprises: 150 });
    await a.hub.scheduler!.firstRound;
    dir = mkdtempSync(join(tmpdir(), 'govgraph-b-'));
    // Hub B: its own process, same database, the same webhook source (no demo, no pulling).
    const demo = loadConfigFile(DEMO_CONFIG_PATH);
    const config = {
      auth: demo.auth, policy: demo.policy,
      sources: [{ id: 'e-license', connector: 'e-license', enabled: true, schedule: { everySeconds: 86_400 },
        options: { baseUrl: process.env.GOVGRAPH_SIM_ELICENSE_URL, push: { secretEnv: 'GOVGRAPH_SIM_ELICENSE_PUSH_SECRET' } } }],
      alerts: { scheduleSeconds: 86_400 },
    };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    b = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: a.db.url, PORT: '0', GOVGRAPH_CONFIG: join(dir, 'config.json'), GOVGRAPH_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`hub B did not start: ${out.slice(-2000)}`)), 60_000);
      b.stdout!.on('data', (d) => {
        out += String(d);
        const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      b.stderr!.on('data', (d) => (out += String(d)));
      b.once('exit', (code) => reject(new Error(`hub B exited ${code}: ${out.slice(-2000)}`)));
    });
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) await c.dispose();
    if (b && b.exitCode === null) {
      b.kill('SIGTERM');
      await new Promise((r) => b.once('exit', r));
    }
    await a?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function push(hubUrl: string, index: number) {
    const l = { ...elicenseItems(a.hub.simulator!.world)[index]!, status: 'VALID', validTo: addDays(chinaToday(new Date()), 5), updatedAt: new Date(Date.now() + index * 1000).toISOString() };
    return (await pushLicense(hubUrl, l)).licenseId;
  }

  it('delivers an alert created through either hub exactly once to every subscriber of both', async () => {
    const query = 'subscription { alerts(filter: { kinds: [LICENSE_EXPIRING] }) { cursor subjectKey } }';
    const subs: Recorder<any>[] = [];
    for (const url of [a.hub.url, a.hub.url, bUrl, bUrl]) {
      const c = wsClient(url);
      clients.push(c);
      subs.push(record(c, query));
    }
    await eventually(() => a.hub.events.stats().subscribers === 2, 'subscribers on hub A');
    // Hub B is another process: its health probe counts its live subscriptions.
    const healthB = new URL('/healthz', bUrl);
    await eventually(async () => ((await (await fetch(healthB)).json()) as { subscriptions: number }).subscriptions === 2, 'subscribers on hub B');
    const licenses = elicenseItems(a.hub.simulator!.world).map((l, i) => ({ l, i })).filter(({ l }) => l.holderIdType === 'USCC');
    const warmUp = await push(a.hub.url, licenses[0]!.i);
    for (const s of subs) expect((await s.waitFor(1))[0].subjectKey).toBe(warmUp);

    const viaB = await push(bUrl, licenses[1]!.i);
    const viaA = await push(a.hub.url, licenses[2]!.i);
    const viaB2 = await push(bUrl, licenses[3]!.i);
    for (const s of subs) {
      const got = await s.waitFor(4);
      expect(got.map((x) => x.subjectKey)).toEqual([warmUp, viaB, viaA, viaB2]);
    }
    // Nothing twice: let both buses' polls pass.
    await new Promise((r) => setTimeout(r, 2500));
    for (const s of subs) expect(s.items).toHaveLength(4);
  }, 60_000);
});
