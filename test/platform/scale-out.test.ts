/**
 * Several hubs on one PostgreSQL behave as one (PostgreSQL only: PGlite is one process):
 * hub A in this process, hub B its own process (`npm start`, built), same database. A
 * principal's lookup budget, its operations at once and its sockets are counted across
 * both: what it spent on A is gone on B, a place A holds is refused on B, and a socket
 * quota filled on both is full on each.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../../src/config.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { buildOnce, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';
import { eventually } from '../support/ws.js';

const onPostgres = !!process.env.DATABASE_URL;
const demo = loadConfigFile(DEMO_CONFIG_PATH);
const config = {
  auth: demo.auth, policy: demo.policy, sources: [],
  limits: { ...demo.limits, lookupsPerMinute: 6, maxConcurrentPerPrincipal: 1, concurrencyWaitMs: 200 },
  subscriptions: { maxConnectionsPerPrincipal: 2 },
  platform: { sharedLimits: 'database' as const },
};
let a: TestHub;
let b: HubProcess;

beforeAll(async () => {
  if (!onPostgres) return;
  buildOnce();
  a = await startTestHub({ config, ingest: false });
  b = await startHubProcess(config, a.db.url);
}, 240_000);
afterAll(async () => {
  b?.cleanup();
  await a?.stop();
});

const lookup = async (url: string, key: string) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: bearer(key) }, body: JSON.stringify({ query: '{ enterprise(uscc: "91340100MA2NOTHERE") { uscc } }' }) });
  return { status: res.status, body: (await res.json()) as any };
};

function socket(url: string, key: string): Promise<{ ws: WebSocket; acked: boolean; closed: Promise<{ code: number; reason: string }> }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: String(reason) })));
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: bearer(key) } })));
    ws.once('message', () => resolve({ ws, acked: true, closed }));
    void closed.then(() => resolve({ ws, acked: false, closed }));
  });
}

describe.skipIf(!onPostgres)('two hubs, one budget', () => {
  it('a lookup budget spent on one hub is spent on the other', async () => {
    for (let i = 0; i < 4; i++) expect((await lookup(a.hub.url, DEMO_KEYS.analyst)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await lookup(b.url, DEMO_KEYS.analyst)).status).toBe(200);
    const refused = await lookup(b.url, DEMO_KEYS.analyst);
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'lookupsPerMinute', max: 6 });
    expect(refused.body.errors[0].message).toMatch(/across all hubs/);
    expect((await lookup(a.hub.url, DEMO_KEYS.analyst)).status).toBe(429);
    // Another principal's budget is its own.
    expect((await lookup(b.url, DEMO_KEYS.tax)).status).toBe(200);
  });

  it('an operation place held on one hub is refused on the other, and free again once released', async () => {
    const release = await a.hub.concurrency.acquire('key:land-demo');
    const busy = await fetch(b.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: bearer(DEMO_KEYS.land) }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(busy.status).toBe(429);
    expect(((await busy.json()) as any).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'TOO_MANY_CONCURRENT', max: 1 });
    release();
    await eventually(async () => {
      const res = await fetch(b.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: bearer(DEMO_KEYS.land) }, body: JSON.stringify({ query: '{ __typename }' }) });
      return res.status === 200;
    }, 'the place given back on hub A to be free on hub B', 5000);
  });

  it('a socket quota filled across both hubs is full on each; a closed socket frees its place', async () => {
    const one = await socket(a.hub.url, DEMO_KEYS.market);
    const two = await socket(b.url, DEMO_KEYS.market);
    expect([one.acked, two.acked]).toEqual([true, true]);
    const three = await socket(a.hub.url, DEMO_KEYS.market);
    expect(three.acked).toBe(false);
    expect(await three.closed).toEqual({ code: 4403, reason: 'Forbidden: at most 2 connections per key across all hubs' });
    two.ws.close();
    await two.closed;
    await eventually(async () => {
      const again = await socket(a.hub.url, DEMO_KEYS.market);
      if (again.acked) again.ws.close();
      return again.acked;
    }, 'the place of the socket closed on hub B to be free on hub A', 5000);
    one.ws.close();
  });
});
