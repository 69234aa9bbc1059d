/**
 * The hub as a platform team runs it: `npm start` (built: `node dist/main.js`, npm's only
 * child) on PGlite or PostgreSQL. Probes tell live from ready (the first ingest round is
 * awaited); /metrics carries every family named in the README and its counters move; one
 * log line per operation carries the request id the response returns; and SIGTERM to npm
 * drains: readiness false, new connections refused, a request in flight answered in full,
 * WebSockets closed 1001 with the advice to resume, the process gone with exit code 0.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../../src/config.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildOnce, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';

const demo = loadConfigFile(DEMO_CONFIG_PATH);
let db: TestDatabase;
let hub: HubProcess;
let firstReady: { status: number; body: any };

const base = () => hub.url.replace(/\/graphql$/, '');
const get = async (path: string) => {
  const res = await fetch(base() + path);
  return { status: res.status, body: (await res.json().catch(() => null)) as any, text: '' };
};
const gql = (query: string, headers: Record<string, string> = {}) =>
  fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: bearer(DEMO_KEYS.analyst), ...headers }, body: JSON.stringify({ query }) });

beforeAll(async () => {
  buildOnce();
  db = await createTestDatabase();
  hub = await startHubProcess({ ...demo, demo: { enterprises: 300, seed: 20261124 }, platform: { readyAfterFirstIngest: true, drainSeconds: 10 } }, db.url);
  firstReady = await get('/readyz');
}, 240_000);
afterAll(async () => {
  hub?.cleanup();
  await db?.drop();
});

it('is live at once, and ready only once the first ingest round has finished, saying what is not', async () => {
  expect((await get('/livez')).status).toBe(200);
  // Asked right after the hub announced itself: six sources are still being read.
  expect(firstReady.status).toBe(503);
  expect(firstReady.body).toMatchObject({ status: 'not ready', notReady: ['firstIngest'] });
  expect(firstReady.body.checks.database.ok).toBe(true);
  expect(firstReady.body.checks.migrations).toMatchObject({ ok: true });
  await hub.waitForLine((l) => l.msg === 'first ingest round finished', 180_000);
  const ready = await get('/readyz');
  expect(ready).toMatchObject({ status: 200, body: { status: 'ready', notReady: [] } });
}, 200_000);

it('serves Prometheus metrics whose counters move with the traffic', async () => {
  const scrape = async () => (await fetch(`${base()}/metrics`)).text();
  const before = await scrape();
  for (const family of [
    'govgraph_graphql_operations_total', 'govgraph_graphql_operation_duration_seconds', 'govgraph_graphql_operation_sql_statements', 'govgraph_graphql_operation_sql_seconds',
    'govgraph_db_statements_in_use', 'govgraph_db_statements_waiting', 'govgraph_ingest_records_total', 'govgraph_sync_duration_seconds',
    'govgraph_sync_last_success_timestamp_seconds', 'govgraph_sync_lag_seconds', 'govgraph_quarantine_rows', 'govgraph_alerts_raised_total',
    'govgraph_subscriptions_open', 'govgraph_websockets_open', 'govgraph_stream_events_total', 'govgraph_audit_write_seconds',
    'govgraph_event_loop_delay_p99_seconds', 'process_resident_memory_bytes',
  ]) expect(before, family).toContain(`# TYPE ${family} `);
  // The shipped Grafana dashboard asks only for families the hub serves.
  const dashboard = readFileSync(new URL('../../deploy/grafana-dashboard.json', import.meta.url), 'utf8');
  const asked = new Set([...dashboard.matchAll(/\b((?:govgraph|process)_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|sum|count)$/, '')));
  expect(asked.size).toBeGreaterThan(10);
  for (const family of asked) expect(before, `the dashboard's ${family}`).toContain(`# TYPE ${family} `);
  expect(before).toMatch(/govgraph_ingest_records_total\{source="market-registry",outcome="inserted"\} [1-9]/);
  expect(before).toMatch(/govgraph_quarantine_rows\{reason="[A-Z_]+"\} [1-9]/);
  const count = (text: string) => Number(/govgraph_graphql_operations_total\{transport="http",type="query",name="MetricsProbe",outcome="ok"\} (\d+)/.exec(text)?.[1] ?? 0);
  for (let i = 0; i < 3; i++) expect((await gql('query MetricsProbe { enterprises(first: 2) { totalCount } }')).status).toBe(200);
  const after = await scrape();
  expect(count(after) - count(before)).toBe(3);
  expect(after).toMatch(/govgraph_graphql_operation_sql_statements_count\{transport="http",type="query"\} [1-9]/);
});

it('logs one line per operation with the request id the response returns, and the error id of a masked error', async () => {
  const res = await gql('query LoggedProbe { enterprises(first: 1) { totalCount } }', { 'x-request-id': 'probe-0001' });
  expect(res.headers.get('x-request-id')).toBe('probe-0001');
  const line = await hub.waitForLine((l) => l.msg === 'operation' && l.requestId === 'probe-0001', 10_000);
  expect(line).toMatchObject({ principal: expect.stringMatching(/^key:/), department: 'analyst', operationType: 'query', operationName: 'LoggedProbe', outcome: 'ok', transport: 'http' });
  expect(line.statements).toBeGreaterThanOrEqual(1);
  expect(line.durationMs).toBeGreaterThan(0);
  expect(JSON.stringify(line)).not.toContain(DEMO_KEYS.analyst);
  // A refused operation: its code in the line, the request id in the error.
  const denied = await gql('{ quarantine(first: 1) { __typename } }', { 'x-request-id': 'probe-0002' });
  const body: any = await denied.json();
  expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', requestId: 'probe-0002' });
  expect(await hub.waitForLine((l) => l.msg === 'operation' && l.requestId === 'probe-0002', 10_000)).toMatchObject({ outcome: 'FORBIDDEN' });
  // A request id that is not plausible is replaced.
  const odd = await gql('{ __typename }', { 'x-request-id': 'no spaces <allowed>' });
  expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

it('drains on SIGTERM to npm: a request in flight is answered in full, new connections are refused, sockets get 1001, exit 0', async () => {
  const { port, hostname } = new URL(hub.url);
  // A subscriber, and a request whose body is still arriving when the signal comes.
  const ws = new WebSocket(hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: bearer(DEMO_KEYS.analyst) } }));
  await new Promise((r) => ws.once('message', r));
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: String(reason) })));
  const body = JSON.stringify({ query: '{ enterprises(first: 3) { totalCount edges { node { uscc } } } }' });
  const socket = connect(Number(port), hostname);
  await new Promise((r) => socket.once('connect', r));
  let answer = '';
  socket.on('data', (d) => (answer += String(d)));
  const ended = new Promise((r) => socket.once('end', r));
  socket.write(`POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nAuthorization: ${bearer(DEMO_KEYS.analyst)}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`);
  await new Promise((r) => setTimeout(r, 200));

  const hubPid = (await hub.waitForLine((l) => typeof l.pid === 'number')).pid as number;
  hub.child.kill('SIGTERM');
  await hub.waitForLine((l) => /^draining/.test(l.msg ?? ''), 10_000);
  // New connections are refused at once.
  await expect(fetch(`${base()}/livez`)).rejects.toThrow();
  // The request in flight still gets its whole answer, and its connection closes after it.
  await new Promise((r) => setTimeout(r, 300));
  socket.write(body.slice(10));
  await ended;
  expect(answer).toMatch(/^HTTP\/1\.1 200/);
  expect(answer.toLowerCase()).toContain('connection: close');
  expect(answer).toContain('"totalCount":');
  expect(await closed).toEqual({ code: 1001, reason: 'Server shutting down: reconnect and resume from your last cursor' });
  expect(await hub.exited).toBe(0);
  expect(() => process.kill(hubPid, 0)).toThrow();
  expect(hub.lines.some((l) => l.msg === 'stopped')).toBe(true);
}, 60_000);
