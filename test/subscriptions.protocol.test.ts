/**
 * The WebSocket endpoint keeps the graphql-transport-ws protocol and its limits, on a
 * real socket: init timeout (4408), subprotocol (4406), unauthorised subscribe (4401),
 * repeated init (4429), duplicate id (4409), bad message (4400), oversized message (1009),
 * too many subscriptions (an `error` message, the socket stays up), bad documents (an
 * `error` message with a stable code), and a consumer too slow to keep up dropped with
 * 1013 while a fast one on the same hub receives every event in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AlertDraft } from '../src/alerts/evaluate.js';
import { appendToLog } from '../src/alerts/log.js';
import type { Db } from '../src/db/client.js';
import { startTestHub, type TestHub } from './support/hub.js';
import { bearer, DEMO_KEYS } from './support/keys.js';
import { eventually, record, wsClient } from './support/ws.js';

let t: TestHub;

beforeAll(async () => {
  t = await startTestHub({
    ingest: false,
    config: {
      sources: [],
      alerts: { scheduleSeconds: 3600, changeRetentionDays: 30, pollMs: 2000 },
      subscriptions: { connectionInitTimeoutMs: 300, maxSubscriptionsPerConnection: 2, maxMessageBytes: 4096, maxQueuedEvents: 100_000, maxStallMs: 1000, keepAliveMs: 0 },
    },
  });
});
afterAll(async () => t?.stop());

interface Raw {
  readonly ws: WebSocket;
  readonly messages: any[];
  readonly closed: Promise<{ code: number; reason: string }>;
  send(msg: unknown): void;
  next(type: string, timeoutMs?: number): Promise<any>;
}

function raw(protocol: string | null = 'graphql-transport-ws'): Promise<Raw> {
  const url = t.hub.url.replace(/^http/, 'ws');
  const ws = protocol ? new WebSocket(url, protocol) : new WebSocket(url);
  const messages: any[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const r: Raw = {
    ws, messages, closed,
    send: (msg) => ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg)),
    async next(type, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const i = messages.findIndex((m) => m.type === type);
        if (i >= 0) return messages.splice(i, 1)[0];
        if (Date.now() > until) throw new Error(`no ${type} message; got ${JSON.stringify(messages)}`);
        await new Promise((res) => setTimeout(res, 10));
      }
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(r));
    ws.once('error', reject);
  });
}

async function initialised(): Promise<Raw> {
  const r = await raw();
  r.send({ type: 'connection_init', payload: { authorization: bearer(DEMO_KEYS.admin) } });
  await r.next('connection_ack');
  return r;
}

describe('graphql-transport-ws protocol', () => {
  it('closes 4408 when connection_init does not arrive in time', async () => {
    const r = await raw();
    const started = Date.now();
    expect((await r.closed).code).toBe(4408);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('closes 4406 without the subprotocol, 4401 for subscribe before init, 4429 for a second init, 4400 for a bad message', async () => {
    expect((await (await raw(null)).closed).code).toBe(4406);
    const early = await raw();
    early.send({ id: '1', type: 'subscribe', payload: { query: '{ alertRules { id } }' } });
    expect((await early.closed).code).toBe(4401);
    const twice = await initialised();
    twice.send({ type: 'connection_init' });
    expect((await twice.closed).code).toBe(4429);
    const garbage = await initialised();
    garbage.send('{"type":"nonsense"');
    expect((await garbage.closed).code).toBe(4400);
  });

  it('closes 1009 for a message over the size limit', async () => {
    const r = await initialised();
    r.send({ id: '1', type: 'subscribe', payload: { query: `{ alertRules { id } } # ${'x'.repeat(5000)}` } });
    expect((await r.closed).code).toBe(1009);
  });

  it('answers bad documents with an error message and keeps the socket', async () => {
    const r = await initialised();
    r.send({ id: 'a', type: 'subscribe', payload: { query: 'subscription { alerts { nope } }' } });
    expect((await r.next('error')).payload[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    r.send({ id: 'b', type: 'subscribe', payload: { query: 'subscription { alerts {' } });
    expect((await r.next('error')).payload[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    // Arguments are checked when the subscription starts: a result with the error, then complete.
    r.send({ id: 'c', type: 'subscribe', payload: { query: 'subscription { alerts(filter: { division: "999999" }) { cursor } }' } });
    const bad = await r.next('next');
    expect(bad.payload.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await r.next('complete')).id).toBe('c');
    expect(JSON.stringify(bad)).not.toMatch(/stack|select |at \//i);
    // Queries work over the socket too.
    r.send({ id: 'd', type: 'subscribe', payload: { query: '{ alertRules { kind } }' } });
    expect((await r.next('next')).payload.data.alertRules.length).toBeGreaterThan(0);
    expect(r.ws.readyState).toBe(WebSocket.OPEN);
    r.ws.close();
  });

  it('bounds subscriptions per connection, and closes 4409 for a duplicate id', async () => {
    const r = await initialised();
    for (const id of ['1', '2']) r.send({ id, type: 'subscribe', payload: { query: 'subscription { alerts { cursor } }' } });
    r.send({ id: '3', type: 'subscribe', payload: { query: 'subscription { alerts { cursor } }' } });
    const refused = await r.next('error');
    expect(refused.id).toBe('3');
    expect(refused.payload[0].extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS', max: 2 });
    // Completing one frees a place.
    r.send({ id: '1', type: 'complete' });
    await eventually(() => t.hub.events.stats().subscribers === 1, 'the completed subscription to end');
    r.send({ id: '4', type: 'subscribe', payload: { query: 'subscription { alerts { cursor } }' } });
    await eventually(() => t.hub.events.stats().subscribers === 2, 'the new subscription');
    r.send({ id: '4', type: 'subscribe', payload: { query: 'subscription { alerts { cursor } }' } });
    expect((await r.closed).code).toBe(4409);
    await eventually(() => t.hub.events.stats().subscribers === 0, 'a closed socket to leave no subscriber behind');
  });
});

describe('slow consumers', () => {
  it('drops a consumer that stops reading, with 1013, without holding up the others', async () => {
    const slow = await initialised();
    slow.send({ id: 's', type: 'subscribe', payload: { query: 'subscription { alerts { cursor title detail } }' } });
    const fast = record(wsClient(t.hub.url), 'subscription { alerts { cursor } }');
    await eventually(() => t.hub.events.stats().subscribers === 2, 'both subscriptions');
    // The slow one stops reading its socket: the kernel buffers fill, then its queue.
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();

    // Large enough to fill the loopback buffers of a reader that stopped, few enough to be quick.
    const total = 4_000;
    const pad = 'x'.repeat(6000);
    await t.hub.database.db.transaction(async (tx) => {
      const drafts: AlertDraft[] = Array.from({ length: total }, (_, i) => ({
        ruleId: 0, kind: 'TAX_ARREARS', severity: 'WARNING', dedupeKey: `slow-${i}`, subjectType: 'TaxArrears', subjectKey: String(i),
        enterpriseUscc: null, parcelCode: null, sourceId: 'test', title: `arrears ${i}`, detail: { pad }, factOn: null,
      }));
      await appendToLog(tx as unknown as Db, drafts, []);
    });
    await t.hub.events.wake();

    const got = await fast.waitFor(total, 60_000);
    const ids = got.map((a: any) => Number(Buffer.from(a.cursor, 'base64url').toString().slice(2)));
    expect(ids.every((id, i) => i === 0 || id === ids[i - 1]! + 1)).toBe(true);
    await eventually(() => t.hub.events.stats().subscribers === 1, 'the slow subscriber to be dropped', 30_000);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const closed = await slow.closed;
    expect(closed.code).toBe(1013);
    expect(closed.reason).toMatch(/reconnect with your last cursor/);
    expect(slow.messages.filter((m) => m.type === 'next').length).toBeLessThan(total);
    fast.stop();
  }, 120_000);
});
