/**
 * Subscriptions through a gateway: Hive Gateway (from npm) serves the supergraph of govgraph
 * and the courts' subgraph, passes `alerts` through to govgraph over graphql-ws with the
 * client's token in `connection_init`, and resolves each event's court cases from the
 * courts' subgraph. The client subscribes over server-sent events at the gateway; each
 * event is what govgraph's policy and scope let the department see, and is audited under
 * the department.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { composeSupergraph } from '../../src/graphql/federation/supergraph.js';
import { ALERT_KIND_CLASSES } from '../../src/policy/classes.js';
import { startSettledHub, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';
import { startCourts, type Courts } from './courts-subgraph.js';

/**
 * Loaded without its typings: they pull in the DOM lib (through @whatwg-node/fetch), which
 * would change `fetch`'s and the streams' global types for the whole project.
 */
const HIVE_GATEWAY = '@graphql-hive/gateway-runtime';
type Runtime = ((req: IncomingMessage, res: ServerResponse) => void) & { [Symbol.asyncDispose](): Promise<void> };
type FromClient = (p: { request: Request; subgraphName: string }) => Record<string, string | null | undefined>;
const { createGatewayRuntime } = (await import(HIVE_GATEWAY)) as {
  createGatewayRuntime(config: { supergraph: string; logging: boolean; propagateHeaders: { fromClientToSubgraphs: FromClient }; transportEntries: Record<string, unknown> }): Runtime;
};

let t: TestHub;
let courts: Courts;
let gateway: { url: string; server: Server; dispose: () => Promise<void> };
const FROM_START = Buffer.from('c:0').toString('base64url');

beforeAll(async () => {
  t = await startSettledHub();
  const usccs = (await t.hub.database.query<{ u: string }>(`select distinct enterprise_uscc as u from alert where enterprise_uscc is not null order by 1`)).map((r) => r.u);
  courts = await startCourts(usccs.map((u, i) => ({ caseNo: `(2026)皖01民初${1000 + i}号`, cause: '买卖合同纠纷', filedOn: '2026-04-01', defaulter: i % 2 === 0, uscc: u })));
  const sdl = (await t.gql('{ _service { sdl } }')).body.data._service.sdl as string;
  const supergraph = await composeSupergraph(
    { output: '-', govgraph: { name: 'govgraph', routingUrl: t.hub.url }, subgraphs: [{ name: 'courts', routingUrl: courts.url, introspect: { url: courts.url, headers: {} } }] },
    '.', sdl,
  );
  const runtime = createGatewayRuntime({
    supergraph,
    logging: false,
    // Queries and the entity fetches of each event: the caller's token and purpose, over HTTP.
    propagateHeaders: {
      fromClientToSubgraphs: ({ request, subgraphName }) => (subgraphName === 'govgraph' ? { authorization: request.headers.get('authorization'), 'x-purpose': request.headers.get('x-purpose') } : {}),
    },
    // Subscriptions: graphql-ws to govgraph's own path, the token in connection_init.
    transportEntries: {
      govgraph: { options: { subscriptions: { kind: 'ws', location: new URL(t.hub.url).pathname, options: { connectionParams: { authorization: '{context.headers.authorization}' } } } } },
    },
  });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, server, dispose: () => runtime[Symbol.asyncDispose]() };
}, 180_000);
afterAll(async () => {
  await gateway?.dispose();
  await new Promise((r) => gateway?.server.close(r));
  await courts?.stop();
  await t?.stop();
});

/** The first `n` events of a subscription over server-sent events at the gateway (fewer if the stream ends or `ms` pass). */
async function events(key: string, query: string, n: number, ms = 10_000): Promise<any[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ms);
  const got: any[] = [];
  try {
    const res = await fetch(gateway.url, {
      method: 'POST', signal: abort.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: bearer(key) },
      body: JSON.stringify({ query }),
    });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = message.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('');
        if (data) got.push(JSON.parse(data));
        if (got.length >= n) return got;
      }
    }
  } catch (e) {
    if ((e as Error).name !== 'AbortError') throw e;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return got;
}

const ALERTS = `subscription { alerts(after: "${FROM_START}") { kind divisionCode enterpriseUscc enterprise { uscc courtCases { caseNo } } } }`;

it('alerts reach a client through the gateway, each with the courts’ cases of its enterprise', async () => {
  const got = await events(DEMO_KEYS.market, ALERTS, 10);
  expect(got.length).toBe(10);
  for (const e of got) {
    expect(e.errors).toBeUndefined();
    const a = e.data.alerts;
    expect(ALERT_KIND_CLASSES[a.kind]).toBeDefined();
    if (a.enterprise) expect(a.enterprise.courtCases.length, `cases of ${a.enterpriseUscc}`).toBe(1);
  }
  expect(got.some((e) => e.data.alerts.enterprise?.courtCases.length === 1)).toBe(true);
});

it('each event is what govgraph lets the department see: its classes, its division', async () => {
  const got = await events(DEMO_KEYS.marketShushan, `subscription { alerts(after: "${FROM_START}") { kind divisionCode } }`, 5, 5_000);
  expect(got.length).toBeGreaterThan(0);
  for (const e of got) {
    expect(e.data.alerts.divisionCode).toMatch(/^340104/);
  }
  // Without a token, nothing: govgraph refuses the socket.
  const anonymous = await events('', ALERTS, 1, 3_000);
  expect(JSON.stringify(anonymous)).not.toMatch(/"kind":"/);
});

it('each event delivered is audited under the department, not the gateway', async () => {
  const before = Number((await t.hub.database.query<{ s: string }>('select coalesce(max(seq), 0) as s from read_audit'))[0]!.s);
  await events(DEMO_KEYS.finance, `subscription { alerts(after: "${FROM_START}") { kind } }`, 3);
  const rows = await t.hub.database.query<{ department: string; operation_type: string; transport: string }>('select department, operation_type, transport from read_audit where seq > $1', [before]);
  // The subscription when it starts, then one row per event delivered.
  expect(rows.filter((r) => r.operation_type === 'subscription')).toHaveLength(1);
  expect(rows.filter((r) => r.operation_type === 'subscription-event').length).toBeGreaterThanOrEqual(3);
  for (const r of rows) expect(r).toMatchObject({ department: 'finance', transport: 'ws' });
});
