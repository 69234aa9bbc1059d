/**
 * Operation limits at their defaults (graphql-armor's, or tighter), on both transports —
 * the A (query shape) and B (HTTP transport) cases of shared/design/security-battery.md
 * that the limits answer. Each case asserts the refusal and its stable code, that nothing
 * ran, and that the server still answers afterwards. The rest of the battery (principals,
 * policies, audit) belongs with that work.
 */
import { defaultViewSettings } from '../../src/views/settings.js';
import { execute, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { OperationLimits } from '../../src/config.js';
import { buildHubSchema } from '../../src/graphql/build-schema.js';
import { createContext } from '../../src/graphql/context.js';
import { operationCost } from '../../src/server/cost.js';
import { Policy } from '../../src/policy/policy.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';

const DEFAULTS = OperationLimits.parse({});
let t: TestHub;
let prod: TestHub;

beforeAll(async () => {
  // Defaults only: no demo, no sources, no loosened limits.
  t = await startTestHub({ ingest: false, config: { sources: [] } });
  prod = await startTestHub({ ingest: false, config: { sources: [] }, production: true });
});
afterAll(async () => {
  await t?.stop();
  await prod?.stop();
});

const post = (hub: TestHub, body: unknown, headers: Record<string, string> = {}) =>
  fetch(hub.hub.url, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: bearer(DEMO_KEYS.admin), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function refused(query: string, variables?: unknown) {
  const statements = t.hub.database.counter.statements;
  const res = await post(t, { query, variables });
  const body = (await res.json()) as any;
  expect(t.hub.database.counter.statements, 'nothing ran').toBe(statements);
  return { status: res.status, body, error: body.errors?.[0] };
}

async function stillUp(hub: TestHub = t) {
  const res = await post(hub, { query: '{ alertRules { kind } }' });
  expect(res.status).toBe(200);
}

const nest = (depth: number) => `{ ${'enterprises(first: 1) { edges { node { '.repeat(1)}${'parcels { enterprises { '.repeat(Math.ceil((depth - 3) / 2))}name${' }'.repeat(2 * Math.ceil((depth - 3) / 2))} } } } }`;

describe('A: query shape', () => {
  it('A01 depth 30 → 400 OPERATION_LIMIT (depth) before anything runs', async () => {
    const r = await refused(nest(30));
    expect(r.status).toBe(400);
    expect(r.error.extensions).toMatchObject({ limit: 'depth', max: DEFAULTS.maxDepth });
    await stillUp();
  });

  it('A02 depth hidden in fragments is counted', async () => {
    const frags = Array.from({ length: 8 }, (_, i) => `fragment F${i} on LandParcel { enterprises { parcels { ${i < 7 ? `...F${i + 1}` : 'parcelCode'} } } }`).join('\n');
    const r = await refused(`{ parcels(first: 1) { edges { node { ...F0 } } } }\n${frags}`);
    expect(r.status).toBe(400);
    expect(r.error.extensions.limit).toBe('depth');
  });

  it('A03 alias bomb → 400 (aliases)', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: alertRules { id }`).join(' ');
    const r = await refused(`{ ${aliases} }`);
    expect(r.status).toBe(400);
    expect(r.error.extensions).toMatchObject({ limit: 'aliases', max: DEFAULTS.maxAliases });
  });

  it('A04 field duplication without aliases → refused while parsing (tokens)', async () => {
    const r = await refused(`{ ${'__typename '.repeat(10_000)}}`);
    expect(r.status).toBe(400);
    expect(r.error.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.error.message).toMatch(/token/i);
  });

  it('A05 directive overload → refused by the token or directive limit, with a short answer', async () => {
    const many = await post(t, { query: `{ __typename ${'@include(if: true) '.repeat(50_000)}}` });
    const text = await many.text();
    expect(many.status).toBe(400);
    expect(text.length).toBeLessThan(10_000);
    const r = await refused(`{ ${'__typename @skip(if: false) '.repeat(DEFAULTS.maxDirectives + 1)}}`);
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: any) => e.extensions.limit)).toContain('directives');
  });

  it('A06 circular fragments → 400, no stack overflow', async () => {
    const r = await refused('{ parcels(first: 1) { edges { node { ...A } } } } fragment A on LandParcel { enterprises { parcels { ...B } } } fragment B on LandParcel { ...A }');
    expect(r.status).toBe(400);
    expect(r.error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await stillUp();
  });

  it('A07 fragment fan-out → refused quickly, the cost counted through every spread', async () => {
    const frags = ['fragment F0 on LandParcel { parcelCode }', ...Array.from({ length: 20 }, (_, i) => `fragment F${i + 1} on LandParcel { ...F${i} ...F${i} ...F${i} }`)].join('\n');
    const started = Date.now();
    const r = await refused(`{ parcels(first: 100) { edges { node { ...F20 } } } }\n${frags}`);
    expect(r.status).toBe(400);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('A08 oversized document → 413 at the body limit', async () => {
    const res = await post(t, { query: `{ __typename } #${' '.repeat(DEFAULTS.maxBodyBytes)}` });
    expect(res.status).toBe(413);
    await stillUp();
  });

  it('A09 first: 99999999 → refused (cost, with the page counted; or the page-size check)', async () => {
    const r = await refused('{ alerts(first: 99999999) { edges { cursor } } }');
    expect(r.status).toBe(400);
    expect(r.error.extensions.limit).toBe('cost');
    // The same through a variable costs the same.
    const v = await refused('query($n: Int) { alerts(first: $n) { edges { cursor } } }', { n: 99_999_999 });
    expect(v.error.extensions).toMatchObject({ code: 'OPERATION_LIMIT', limit: 'cost' });
    const page = await post(t, { query: '{ alerts(first: 101) { edges { cursor } } }' });
    expect(((await page.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', max: 100 });
  });

  it('A10 cost counts pages as multipliers, literal or variable, and a list without a page by its estimated fan-out', async () => {
    const schema = await buildHubSchema();
    const doc = parse('query($n: Int) { enterprises(first: $n) { edges { node { licenses { typeName } } } } }');
    expect(operationCost(schema, doc, null, { n: 100 })).toBe(100 * operationCost(schema, doc, null, { n: 1 }));
    // Nested lists without `first` count as the fan-out they may hold (10 by default, or as configured per link).
    const unpaged = parse('{ enterprise(uscc: "x") { licenses { typeName } } }');
    const one = parse('{ enterprise(uscc: "x") { tax { tin } } }');
    const cost = (d: typeof doc, fanOut = {}) => operationCost(schema, d, null, {}, fanOut);
    expect(cost(unpaged) - 2).toBeCloseTo(1.5 * ((2 + 1.5) * 10), 5);
    expect(cost(one) - 2).toBeCloseTo(1.5 * (2 + 1.5), 5);
    expect(cost(unpaged, { fanOut: { 'Enterprise.licenses': 5 } }) - 2).toBeCloseTo(1.5 * ((2 + 1.5) * 5), 5);
    // Twenty such nested lists, each with its own nested list, are no longer cheap.
    const heavy = parse(`{ enterprises(first: 100) { edges { node { ${Array.from({ length: 20 }, (_, i) => `a${i}: parcels { units { unitCode } }`).join(' ')} } } } }`);
    expect(cost(heavy)).toBeGreaterThan(5000);
  });

  it('A11 introspection in production → INTROSPECTION_DISABLED; A12 no field suggestions', async () => {
    const intro = await post(prod, { query: '{ __schema { types { name } } }' });
    expect(intro.status).toBe(400);
    const body = (await intro.json()) as any;
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toMatch(/introspection is not allowed/i);
    const typo = await post(prod, { query: '{ alertRule { id } }' });
    expect(JSON.stringify(await typo.json())).not.toMatch(/Did you mean/);
    const dev = await post(t, { query: '{ alertRule { id } }' });
    expect(JSON.stringify(await dev.json())).toMatch(/Did you mean/); // the positive control
    // …and no GraphiQL: neither at the endpoint nor by way of the hub's address.
    const html = { headers: { accept: 'text/html' }, redirect: 'manual' } as const;
    expect((await fetch(prod.hub.url, html)).headers.get('content-type')).not.toMatch(/text\/html/);
    expect((await fetch(new URL('/', prod.hub.url), html)).status).toBe(404);
    expect((await fetch(new URL('/', t.hub.url), html)).status).toBe(302); // the positive control
    await stillUp(prod);
  });

  it('times out an operation past its deadline: later resolvers do not start (TIMEOUT)', async () => {
    const schema = await buildHubSchema();
    const ctx = createContext(t.hub.database.db, { hashPerson: (s) => s, ops: null as never, sourceConnector: (s) => s, events: null, queueLimits: { maxQueued: 1, maxStallMs: 1 }, timeoutMs: -1, policy: Policy.empty(), keys: null as never, now: () => new Date(), views: defaultViewSettings() });
    const statements = t.hub.database.counter.statements;
    const r = await execute({ schema, document: parse('{ alertRules { id } }'), contextValue: ctx });
    expect(r.errors?.[0]?.extensions?.code).toBe('TIMEOUT');
    expect(t.hub.database.counter.statements).toBe(statements);
  });
});

describe('B: HTTP transport', () => {
  it('B01 an array batch is refused, none executed', async () => {
    const res = await post(t, Array.from({ length: 1000 }, () => ({ query: '{ alertRules { id } }' })));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/batching/i);
  });

  it('B02 CSRF: a simple text/plain POST and a GET without a preflight header are blocked', async () => {
    const auth = { authorization: bearer(DEMO_KEYS.admin) };
    const plain = await fetch(t.hub.url, { method: 'POST', headers: { 'content-type': 'text/plain', ...auth }, body: JSON.stringify({ query: '{ alertRules { id } }' }) });
    expect(plain.status).toBe(400);
    const get = await fetch(`${t.hub.url}?query=${encodeURIComponent('{ alertRules { id } }')}`, { headers: auth });
    expect(get.status).toBe(400);
  });

  it('B03 a mutation over GET → 405', async () => {
    const res = await fetch(`${t.hub.url}?query=${encodeURIComponent('mutation { deleteAlertRule(id: 1) { id } }')}`, { headers: { 'apollo-require-preflight': 'true', authorization: bearer(DEMO_KEYS.admin) } });
    expect(res.status).toBe(405);
    expect((await post(t, { query: '{ alertRules { id } }' }).then((r) => r.json())) as any).toMatchObject({ data: { alertRules: expect.arrayContaining([expect.objectContaining({ id: 1 })]) } });
  });

  it('B04 malformed bodies → 400', async () => {
    for (const body of ['{"query": ', '{"query": 42}', '{"query": ["x"]}', '{"query": "{ __typename }", "variables": "x"}']) {
      const res = await post(t, body);
      expect(res.status, body).toBe(400);
    }
    await stillUp();
  });

  it('B05 variables over their limit → 400 VARIABLES_TOO_LARGE; over the body limit → 413', async () => {
    const big = { ids: Array.from({ length: 20_000 }, (_, i) => String(i)) };
    const r = await refused('query($ids: [ID!]!) { reprocessQuarantine(ids: $ids) { examined } }'.replace('query', 'mutation'), big);
    expect(r.status).toBe(400);
    expect(r.error.extensions).toMatchObject({ reason: 'VARIABLES_TOO_LARGE', max: DEFAULTS.maxVariablesBytes });
    const huge = await post(t, { query: '{ __typename }', variables: { x: 'y'.repeat(DEFAULTS.maxBodyBytes) } });
    expect(huge.status).toBe(413);
  });
});

describe('F08: the same limits over WebSocket', () => {
  it('answers a too-deep, too-aliased or too-costly operation with an error message, and keeps the socket', async () => {
    const ws = new WebSocket(t.hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const messages: any[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: bearer(DEMO_KEYS.admin) } }));
    const next = async (pred: (m: any) => boolean) => {
      for (let i = 0; i < 250; i++) {
        const m = messages.find(pred);
        if (m) return m;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no such message in ${JSON.stringify(messages)}`);
    };
    await next((m) => m.type === 'connection_ack');
    const cases: [string, string, Record<string, unknown>?][] = [
      ['deep', nest(30)],
      ['alias', `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: alertRules { id }`).join(' ')} }`],
      ['cost', 'query X($n: Int) { alerts(first: $n) { edges { cursor } } }', { n: 99_999_999 }],
    ];
    for (const [id, query, variables] of cases) {
      ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables, operationName: id === 'cost' ? 'X' : undefined } }));
      const err = await next((m) => m.id === id && m.type === 'error');
      expect(err.payload.map((e: any) => e.extensions.limit), JSON.stringify(err)).toContain(id === 'deep' ? 'depth' : id === 'alias' ? 'aliases' : 'cost');
    }
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
