/**
 * Battery F (WebSocket): the endpoint keeps the graphql-transport-ws protocol and its
 * limits on a real socket — init timeout (4408), subprotocol (4406), unauthorised
 * subscribe (4401), repeated init (4429), duplicate id (4409), bad or binary message
 * (4400), oversized message (1009), too many subscriptions (an `error` message, the
 * socket stays up), too many sockets for one key (4403), bad documents (an `error`
 * message with a stable code), sockets that stop answering pings terminated, a consumer
 * too slow to keep up dropped with 1013 while a fast one receives every event in order,
 * a key revoked mid-subscription getting no further events, another division's events
 * never delivered, and a failing event masked. F04 and F08 live with the principals
 * (policy.test) and the operation limits (operation-limits.test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AlertDraft } from '../../src/alerts/evaluate.js';
import { appendToLog } from '../../src/alerts/log.js';
import type { Db } from '../../src/db/client.js';
import { enterprise } from '../../schema/index.js';
import { expectAnswering, startTestHub, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';
import { eventually, record, wsClient } from '../support/ws.js';

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

/** The first message of `type` (taken out of `messages`), waiting up to `timeoutMs`. */
async function nextOf(messages: any[], type: string, timeoutMs: number): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const i = messages.findIndex((m) => m.type === type);
    if (i >= 0) return messages.splice(i, 1)[0];
    if (Date.now() > until) throw new Error(`no ${type} message; got ${JSON.stringify(messages)}`);
    await new Promise((res) => setTimeout(res, 10));
  }
}

function raw(protocol: string | null = 'graphql-transport-ws', hub: TestHub = t): Promise<Raw> {
  const url = hub.hub.url.replace(/^http/, 'ws');
  const ws = protocol ? new WebSocket(url, protocol) : new WebSocket(url);
  const messages: any[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const r: Raw = {
    ws, messages, closed,
    send: (msg) => ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg)),
    next: (type, timeoutMs = 5000) => nextOf(messages, type, timeoutMs),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(r));
    ws.once('error', reject);
  });
}

async function initialised(key: string = DEMO_KEYS.admin, hub: TestHub = t): Promise<Raw> {
  const r = await raw('graphql-transport-ws', hub);
  r.send({ type: 'connection_init', payload: { authorization: bearer(key) } });
  await r.next('connection_ack');
  return r;
}

/** The hub still answers, over HTTP and over a new socket. */
async function stillUp(hub: TestHub = t) {
  await expectAnswering(hub);
  const r = await initialised(DEMO_KEYS.admin, hub);
  r.send({ id: 'up', type: 'subscribe', payload: { query: '{ __typename }' } });
  expect((await r.next('next')).payload.data).toEqual({ __typename: 'Query' });
  r.ws.close();
}

/** Commits alerts to the log as ingest would, and wakes the hub's bus. */
async function commitAlerts(hub: TestHub, alerts: { key: string; parcelCode: string; enterpriseUscc?: string }[]) {
  await hub.hub.database.db.transaction(async (tx) => {
    const drafts: AlertDraft[] = alerts.map((a) => ({
      ruleId: 0, kind: 'NEW_MORTGAGE', severity: 'INFO', dedupeKey: a.key, subjectType: 'Registration', subjectKey: a.key,
      enterpriseUscc: a.enterpriseUscc ?? null, parcelCode: a.parcelCode, sourceId: 'test', title: `mortgage ${a.key}`, detail: {}, factOn: null,
    }));
    await appendToLog(tx as unknown as Db, drafts, []);
  });
  await hub.hub.events.wake();
}

describe('graphql-transport-ws protocol', () => {
  it('a gateway may send the token as the upgrade request’s Authorization header or in the payload in any case; the payload wins; a bad one is 4403', async () => {
    const url = t.hub.url.replace(/^http/, 'ws');
    const open = (headers: Record<string, string>, payload: Record<string, string> = {}) => new Promise<Raw>((resolve, reject) => {
      const ws = new WebSocket(url, 'graphql-transport-ws', { headers });
      const messages: any[] = [];
      ws.on('message', (d) => messages.push(JSON.parse(String(d))));
      const closed = new Promise<{ code: number; reason: string }>((res) => ws.on('close', (code, reason) => res({ code, reason: String(reason) })));
      ws.once('open', () => {
        ws.send(JSON.stringify({ type: 'connection_init', payload }));
        resolve({ ws, messages, closed, send: (m) => ws.send(JSON.stringify(m)), next: (type, ms = 5000) => nextOf(messages, type, ms) });
      });
      ws.once('error', reject);
    });
    // `sources` is the admin's (and the analyst's), not the market department's.
    const sources = async (r: Raw) => {
      await r.next('connection_ack');
      r.send({ id: 's', type: 'subscribe', payload: { query: '{ sources { id } }' } });
      const got = await r.next('next');
      r.ws.close();
      return got.payload;
    };
    expect((await sources(await open({ authorization: bearer(DEMO_KEYS.admin) }))).data.sources).toEqual([]);
    // A gateway that copies headers into the payload may keep their spelling.
    expect((await sources(await open({}, { Authorization: bearer(DEMO_KEYS.admin) }))).data.sources).toEqual([]);
    const payloadWins = await sources(await open({ authorization: bearer(DEMO_KEYS.admin) }, { authorization: bearer(DEMO_KEYS.market) }));
    expect(payloadWins.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OPERATION_DENIED' });
    const bad = await open({ authorization: 'Bearer gg_nobody.x' });
    expect((await bad.closed).code).toBe(4403);
    await stillUp();
  });

  it('F01: closes 4408 when connection_init does not arrive in time', async () => {
    const r = await raw();
    const started = Date.now();
    expect((await r.closed).code).toBe(4408);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('F07, F03, F02, F06: closes 4406 without the subprotocol, 4401 for subscribe before init, 4429 for a second init, 4400 for a bad or binary message', async () => {
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
    const unknown = await initialised();
    unknown.send({ id: '1', type: 'execute', payload: {} });
    expect((await unknown.closed).code).toBe(4400);
    const binary = await initialised();
    binary.ws.send(Buffer.from([0xff, 0x00, 0x7b]), { binary: true });
    expect((await binary.closed).code).toBe(4400);
    await stillUp();
  });

  it('F13: closes 1009 for a message over the size limit', async () => {
    const r = await initialised();
    r.send({ id: '1', type: 'subscribe', payload: { query: `{ alertRules { id } } # ${'x'.repeat(5000)}` } });
    expect((await r.closed).code).toBe(1009);
    await stillUp();
  });

  it('F09: answers bad documents with an error message and keeps the socket', async () => {
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

  it('F10, F05: bounds subscriptions per connection (TOO_MANY_SUBSCRIPTIONS, the socket stays up), and closes 4409 for a duplicate id', async () => {
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
  it('F12: drops a consumer that stops reading, with 1013, without holding up the others', async () => {
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

describe('per key and per event', () => {
  /** A hub with a small socket quota and a fast keep-alive, for the cases that need them. */
  let g: TestHub;
  beforeAll(async () => {
    g = await startTestHub({
      ingest: false,
      config: { sources: [], alerts: { pollMs: 2000 }, subscriptions: { keepAliveMs: 300, maxConnectionsPerPrincipal: 3, maxStallMs: 5000 } },
    });
  });
  afterAll(async () => g?.stop());

  it('F11: a key holds at most its quota of sockets (4403 past it); a closed one frees its place; other keys are unaffected', async () => {
    const open = await Promise.all([1, 2, 3].map(() => initialised(DEMO_KEYS.market, g)));
    const extra = await raw('graphql-transport-ws', g);
    extra.send({ type: 'connection_init', payload: { authorization: bearer(DEMO_KEYS.market) } });
    const refused = await extra.closed;
    expect(refused.code).toBe(4403);
    expect(refused.reason).toMatch(/at most 3 connections/);
    expect(extra.messages.filter((m) => m.type === 'connection_ack')).toHaveLength(0);
    // Another key is not held to the market key's count.
    const other = await initialised(DEMO_KEYS.land, g);
    open[0]!.ws.close();
    await open[0]!.closed;
    await eventually(() => g.hub.ws.connections() === 3, 'the closed socket to be counted out');
    const again = await initialised(DEMO_KEYS.market, g);
    for (const r of [...open.slice(1), other, again]) r.ws.close();
    await stillUp(g);
  });

  it('F12: a socket that stops answering pings is terminated; one that answers stays', async () => {
    const quiet = await initialised(DEMO_KEYS.admin, g);
    const lively = await initialised(DEMO_KEYS.land, g);
    await eventually(() => g.hub.ws.connections() === 2, 'both sockets');
    // The quiet one stops reading: pings go unanswered, like a half-open connection.
    (quiet.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    await eventually(() => g.hub.ws.connections() === 1, 'the silent socket to be terminated', 5000);
    // Several ping intervals later the one that answers is still there.
    await new Promise((r) => setTimeout(r, 1000));
    expect(g.hub.ws.connections()).toBe(1);
    lively.send({ id: 'q', type: 'subscribe', payload: { query: '{ __typename }' } });
    expect((await lively.next('next')).payload.data).toEqual({ __typename: 'Query' });
    (quiet.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await quiet.closed).code).toBe(1006);
    lively.ws.close();
  });

  it('F14: a key revoked mid-subscription gets UNAUTHENTICATED at the next event and no event after it', async () => {
    const created = await g.gql('mutation { createApiKey(input: { department: "market", label: "F14" }) { id token } }');
    const { id, token } = created.body.data.createApiKey;
    const r = await initialised(token, g);
    r.send({ id: 's', type: 'subscribe', payload: { query: 'subscription { alerts { title } }' } });
    await eventually(() => g.hub.events.stats().subscribers === 1, 'the subscription');
    await commitAlerts(g, [{ key: 'f14-before', parcelCode: '340104001002GB00101' }]);
    expect((await r.next('next')).payload.data.alerts.title).toBe('mortgage f14-before');

    expect((await g.gql('mutation($id: String!) { revokeApiKey(id: $id) }', { id })).body.data.revokeApiKey).toBe(true);
    await commitAlerts(g, [{ key: 'f14-after', parcelCode: '340104001002GB00102' }, { key: 'f14-after-2', parcelCode: '340104001002GB00103' }]);
    const last = await r.next('next');
    expect(last.payload.data ?? null).toBeNull();
    expect(last.payload.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await r.next('complete')).id).toBe('s');
    // A new operation on the same socket is refused too.
    r.send({ id: 'q', type: 'subscribe', payload: { query: '{ __typename }' } });
    expect((await r.next('error')).payload[0].extensions.code).toBe('UNAUTHENTICATED');
    await new Promise((res) => setTimeout(res, 300));
    expect(JSON.stringify(r.messages)).not.toContain('f14-after');
    r.ws.close();
  });

  it('F15: a district office never receives another division’s events; the city office receives both', async () => {
    const district = await initialised(DEMO_KEYS.marketShushan, g);
    const city = await initialised(DEMO_KEYS.market, g);
    for (const r of [district, city]) r.send({ id: 's', type: 'subscribe', payload: { query: 'subscription { alerts { title divisionCode } }' } });
    await eventually(() => g.hub.events.stats().subscribers === 2, 'both subscriptions');
    await commitAlerts(g, [
      { key: 'f15-outside', parcelCode: '340102001002GB00201' },
      { key: 'f15-inside', parcelCode: '340104001002GB00202' },
    ]);
    const cityGot = [(await city.next('next')).payload.data.alerts, (await city.next('next')).payload.data.alerts];
    expect(cityGot.map((a: any) => a.title)).toEqual(['mortgage f15-outside', 'mortgage f15-inside']);
    const districtGot = await district.next('next');
    expect(districtGot.payload.data.alerts).toEqual({ title: 'mortgage f15-inside', divisionCode: '340104' });
    await new Promise((res) => setTimeout(res, 300));
    expect(JSON.stringify(district.messages)).not.toContain('f15-outside');
    district.ws.close();
    city.ws.close();
  });

  it('C04: subscribers that differ only in their declared purpose never share an event execution', async () => {
    await g.hub.database.db.insert(enterprise).values({
      uscc: '91340104MA8C04C04X', name: '合肥测试有限公司', status: '存续', legalRepName: '王小明', divisionCode: '340104',
      sourceId: 'test', sourceKey: 'c04', fetchedAt: new Date(), contentHash: 'c04',
    }).onConflictDoNothing();
    const query = 'subscription { alerts { title enterprise { legalRepName } } }';
    const bound = await initialised(DEMO_KEYS.analyst, g);
    const unbound = await initialised(DEMO_KEYS.analyst, g);
    bound.send({ id: 's', type: 'subscribe', payload: { query, extensions: { purpose: '企业画像 case 7' } } });
    unbound.send({ id: 's', type: 'subscribe', payload: { query } });
    await eventually(() => g.hub.events.stats().subscribers === 2, 'both subscriptions');
    await commitAlerts(g, [{ key: 'c04-purpose', parcelCode: '340104001002GB00401', enterpriseUscc: '91340104MA8C04C04X' }]);
    const [withPurpose, without] = [await bound.next('next'), await unbound.next('next')];
    expect(withPurpose.payload.data.alerts.enterprise.legalRepName).toBe('王**');
    expect(withPurpose.payload.errors).toBeUndefined();
    expect(without.payload.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' });
    expect(JSON.stringify(without)).not.toContain('王');
    bound.ws.close();
    unbound.ws.close();
  });

  it('every refusal over WebSocket is audited, as over HTTP', async () => {
    const count = async () => Number((await g.hub.database.query<{ n: string }>(`select count(*)::text as n from read_audit where transport = 'ws' and outcome = 'error'`))[0]!.n);
    const before = await count();
    const app = await initialised(DEMO_KEYS.marketApp, g);
    app.send({ id: '1', type: 'subscribe', payload: { query: '{ alertRules { id } }' } }); // not on its safelist
    expect((await app.next('error')).payload[0].extensions.code).toBe('FORBIDDEN');
    const analyst = await initialised(DEMO_KEYS.analyst, g);
    analyst.send({ id: '2', type: 'subscribe', payload: { query: '{ nope }' } }); // not valid
    expect((await analyst.next('error')).payload[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    analyst.send({ id: '3', type: 'subscribe', payload: { query: 'query($f: AlertFilterInput) { alerts(filter: $f) { edges { cursor } } }', variables: { f: null, stray: 1 } } });
    expect((await analyst.next('error')).payload[0].extensions.reason).toBe('UNDECLARED_VARIABLE');
    await eventually(async () => (await count()) === before + 3, 'three refusals audited');
    const rows = await g.hub.database.query<{ principal_id: string; error_codes: string[] }>(`select principal_id, error_codes from read_audit where transport = 'ws' and outcome = 'error' order by seq desc limit 3`);
    expect(rows.map((r) => r.principal_id).sort()).toEqual(['key:analyst-demo', 'key:analyst-demo', 'key:market-app-demo']);
    expect(rows.flatMap((r) => r.error_codes).sort()).toEqual(['BAD_USER_INPUT', 'FORBIDDEN', 'GRAPHQL_VALIDATION_FAILED']);
    app.ws.close();
    analyst.ws.close();
  });

  it('F16: an event whose execution fails reaches the client masked, with an error id — no SQL, no table names', async () => {
    const r = await initialised(DEMO_KEYS.admin, g);
    r.send({ id: 's', type: 'subscribe', payload: { query: 'subscription { alerts { title enterprise { name } } }' } });
    await eventually(() => g.hub.events.stats().subscribers === 1, 'the subscription');
    // The enterprise field's read fails inside the event's execution.
    await g.hub.database.query('alter table enterprise rename to enterprise_away');
    try {
      await commitAlerts(g, [{ key: 'f16', parcelCode: '340104001002GB00301', enterpriseUscc: '91340100MA8NEH400Q' }]);
      const got = await r.next('next');
      expect(got.payload.data.alerts.title).toBe('mortgage f16');
      expect(got.payload.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(got.payload.errors[0].extensions.errorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(got)).not.toMatch(/enterprise_away|relation|select |drizzle|postgres|at \//i);
    } finally {
      await g.hub.database.query('alter table enterprise_away rename to enterprise');
    }
    expect(r.ws.readyState).toBe(WebSocket.OPEN);
    r.ws.close();
    await stillUp(g);
  });
});
