/**
 * Battery cases on request abuse: prototype pollution in variables (B06), text that is
 * not text — invalid UTF-8, unpaired surrogates, NUL (B07), a slowloris sender (B08),
 * enumeration by lookups (C08: a per-principal lookup budget, RATE_LIMITED), and a
 * safelisted operation sent with hostile variables (H03). Each asserts the answer and its
 * code, that nothing ran or was written, that nothing leaked, and that the hub answers.
 */
import { connect } from 'node:net';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../../src/config.js';
import { expectAnswering, LEAK, startTestHub, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';
import { wsClient } from '../support/ws.js';

const demo = loadConfigFile(DEMO_CONFIG_PATH);
const LOOKUPS_PER_MINUTE = 20;
let t: TestHub;
let usccs: string[];

beforeAll(async () => {
  t = await startTestHub({
    config: {
      ...demo, demo: { enterprises: 60, seed: 20261124 },
      limits: { ...demo.limits, lookupsPerMinute: LOOKUPS_PER_MINUTE, headersTimeoutMs: 500, requestTimeoutMs: 2000, maxBatchSize: 2, maxConcurrentPerPrincipal: 4, concurrencyWaitMs: 150 },
      // One hub's own fairness (A10, B07): the limits shared across hubs have their own test (test/platform/scale-out.test.ts).
      platform: { sharedLimits: 'process' },
    },
  });
  await t.hub.scheduler!.firstRound;
  const { body } = await t.gql('{ enterprises(first: 20) { edges { node { uscc } } } }');
  usccs = body.data.enterprises.edges.map((e: any) => e.node.uscc);
}, 120_000);
afterAll(async () => t?.stop());

/** POSTs raw bytes as the given key; reports the status, the body, and how many statements ran meanwhile. */
async function postRaw(body: string | Buffer, key: string = DEMO_KEYS.admin) {
  const before = t.hub.database.counter.statements;
  const res = await fetch(t.hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: bearer(key) }, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as any, text, statements: t.hub.database.counter.statements - before };
}

const stillUp = () => expectAnswering(t);

describe('B: transport', () => {
  it('B01: where batching is enabled (maxBatchSize 2), a batch within it runs each operation audited on its own; a longer one runs none and its refusal is audited', async () => {
    const audited = async () => Number((await t.hub.database.query<{ n: string }>('select count(*)::text as n from read_audit'))[0]!.n);
    const before = await audited();
    const two = await postRaw(JSON.stringify([{ query: '{ a: __typename }' }, { query: '{ alertRules { kind } }' }]));
    expect(two.status).toBe(200);
    expect(two.body).toHaveLength(2);
    expect(two.body[1].data.alertRules.length).toBeGreaterThan(0);
    await expect.poll(audited).toBe(before + 2);
    const three = await postRaw(JSON.stringify(Array.from({ length: 3 }, () => ({ query: '{ alertRules { kind } }' }))));
    expect(three.status).toBe(400);
    expect(three.body.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', limit: 'batch', max: 2 });
    expect(three.statements).toBe(0);
    // None of its operations ran, and the refusal itself is audited under its caller.
    await expect.poll(audited).toBe(before + 3);
    const notJson = await postRaw('{"query": ');
    expect(notJson.status).toBe(400);
    await expect.poll(audited).toBe(before + 4);
    const last = await t.hub.database.query<{ principal_id: string; operation_type: string; outcome: string; error_codes: string[] }>(
      'select principal_id, operation_type, outcome, error_codes from read_audit order by seq desc limit 2');
    expect(last).toEqual([0, 1].map(() => ({ principal_id: 'key:admin-demo', operation_type: 'refused', outcome: 'error', error_codes: ['BAD_REQUEST'] })));
  });

  it('B06: __proto__ and constructor.prototype in variables are refused as unknown fields; no object is polluted', async () => {
    const query = 'query($f: EnterpriseFilter) { enterprises(first: 1, filter: $f) { totalCount } }';
    for (const f of ['{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"isAdmin":true}}}']) {
      const r = await postRaw(`{"query":${JSON.stringify(query)},"variables":{"f":${f}}}`);
      expect(r.status).toBe(400);
      expect(r.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(r.body.data).toBeUndefined();
    }
    expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    expect((Object.prototype as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    await stillUp();
  });

  it('B07: invalid UTF-8, an unpaired surrogate or a NUL → 400 BAD_REQUEST / BAD_USER_INPUT before any SQL, never a 500', async () => {
    const query = 'query($n: String) { enterprises(first: 1, filter: { name: { contains: $n } }) { totalCount } }';
    const badBytes = Buffer.concat([Buffer.from(`{"query":${JSON.stringify(query)},"variables":{"n":"`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}}')]);
    const utf8 = await postRaw(badBytes);
    expect(utf8.status).toBe(400);
    expect(utf8.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    for (const [what, body] of [
      ['unpaired surrogate in a variable', `{"query":${JSON.stringify(query)},"variables":{"n":"a\\ud800b"}}`],
      ['NUL in a variable', `{"query":${JSON.stringify(query)},"variables":{"n":"a\\u0000b"}}`],
      ['NUL in a literal', JSON.stringify({ query: '{ enterprises(first: 1, filter: { name: { contains: "a\\u0000b" } }) { totalCount } }' })],
    ] as const) {
      const r = await postRaw(body);
      expect(r.status, what).toBe(400);
      expect(r.body.errors[0].extensions, what).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TEXT' });
      expect(r.statements, `${what}: no SQL ran`).toBe(0);
      expect(r.text, what).not.toMatch(LEAK);
    }
    // A surrogate escaped in the document itself is refused by the parser.
    const literal = await postRaw(JSON.stringify({ query: '{ enterprises(first: 1, filter: { name: { contains: "\\ud800" } }) { totalCount } }' }));
    expect(literal.status).toBe(400);
    expect(literal.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    // The same text, whole, is a plain search.
    const fine = await postRaw(JSON.stringify({ query, variables: { n: '合肥😀' } }));
    expect(fine.body.data.enterprises.totalCount).toBe(0);
    await stillUp();
  });

  it('B08: a client trickling its headers is cut off at the headers timeout (408); others are served meanwhile', async () => {
    const { port } = t.hub;
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += String(d)));
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = Date.now();
    const header = 'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: ';
    let i = 0;
    const drip = setInterval(() => socket.writable && socket.write(header[i++ % header.length]!), 100);
    try {
      // Served while the slow one drips.
      await stillUp();
      const end = await closed;
      expect(end - started).toBeLessThan(5000);
      expect(received).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
    await stillUp();
  });
});

describe('C08: enumeration by lookups', () => {
  const aliased = (keys: string[]) => `{ ${keys.map((u, i) => `e${i}: enterprise(uscc: "${u}") { uscc }`).join(' ')} }`;

  it('refuses lookups past the per-minute budget with 429 RATE_LIMITED before anything runs; lists and other keys are unaffected', async () => {
    const key = DEMO_KEYS.market;
    const started = Date.now();
    const first = await postRaw(JSON.stringify({ query: aliased(usccs.slice(0, 15)) }), key);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body.data)).toHaveLength(15);
    // 15 of 20 used: another 15 in one operation is refused whole — no partial answers.
    const second = await postRaw(JSON.stringify({ query: aliased(usccs.slice(5, 20)) }), key);
    expect(second.status).toBe(429);
    expect(second.body.data).toBeUndefined();
    expect(second.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'lookupsPerMinute', max: LOOKUPS_PER_MINUTE });
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(second.statements).toBe(0);
    // node(id) is a lookup too: the 5 left (plus one per 3 s of refill) are spent one at a time, then refused.
    const id = Buffer.from(`Enterprise:${usccs[0]}`).toString('base64url');
    let served = 0;
    for (;;) {
      const r = await postRaw(JSON.stringify({ query: `{ node(id: "${id}") { id } }` }), key);
      if (r.status === 429) break;
      expect(r.status).toBe(200);
      expect(++served).toBeLessThan(20);
    }
    expect(served).toBeGreaterThanOrEqual(5);
    expect(served).toBeLessThanOrEqual(5 + Math.ceil(((Date.now() - started) * LOOKUPS_PER_MINUTE) / 60_000));
    // The same key over WebSocket shares the budget.
    const ws = wsClient(t.hub.url, { connectionParams: { authorization: bearer(key) } });
    try {
      await expect(new Promise((resolve, reject) => ws.subscribe({ query: aliased(usccs.slice(0, 15)) }, { next: resolve, error: reject, complete: () => {} })))
        .rejects.toMatchObject([{ extensions: { code: 'RATE_LIMITED' } }]);
    } finally {
      await ws.dispose();
    }
    // A list is not a lookup; another department's key has its own budget.
    expect((await postRaw(JSON.stringify({ query: '{ enterprises(first: 5) { totalCount } }' }), key)).status).toBe(200);
    const other = await postRaw(JSON.stringify({ query: aliased(usccs.slice(0, 15)) }), DEMO_KEYS.analyst);
    expect(other.status).toBe(200);
    await stillUp();
  });
});

describe('H03: a safelisted operation with hostile variables', () => {
  const CARD = demo.policy!.departments['market-app']!.safelist![0]!;

  it('validates the variables of a registered operation as any other: bad identifier, NUL, oversized', async () => {
    const key = DEMO_KEYS.marketApp;
    const ok = await postRaw(JSON.stringify({ query: CARD, variables: { uscc: usccs[0] } }), key);
    expect(ok.body.errors ?? []).toEqual([]);
    const bad = await postRaw(JSON.stringify({ query: CARD, variables: { uscc: `${usccs[0]!.slice(0, 17)}${usccs[0]!.at(-1) === '0' ? '1' : '0'}` } }), key);
    expect(bad.body.errors[0].extensions.code).toBe('INVALID_IDENTIFIER');
    expect(bad.body.data.enterprise).toBeNull();
    const nul = await postRaw(JSON.stringify({ query: CARD, variables: { uscc: `${usccs[0]}\u0000` } }), key);
    expect(nul.status).toBe(400);
    expect(nul.body.errors[0].extensions.reason).toBe('INVALID_TEXT');
    const huge = await postRaw(JSON.stringify({ query: CARD, variables: { uscc: usccs[0], pad: 'x'.repeat(70_000) } }), key);
    expect(huge.status).toBe(400);
    expect(huge.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'VARIABLES_TOO_LARGE' });
    expect(huge.statements).toBe(0);
    const wrongType = await postRaw(JSON.stringify({ query: CARD, variables: { uscc: { $ne: null } } }), key);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    await stillUp();
  });
});

describe('A10: fair under load', () => {
  it('A10: twenty heavy queries from one key run at most four at once — the rest wait, then RATE_LIMITED (429) — and another key is served meanwhile', async () => {
    // Heavy enough that twenty of them, four at a time, clearly outlast one cheap query however fast the database is.
    const heavy = `{ enterprises(first: 100) { edges { node { name licenses { typeName validTo } creditRecords { docNo } parcels { parcelCode units { unitCode registrations { ywh } } } } } } }`;
    const done: { who: string; at: number; status: number; code?: string }[] = [];
    const ask = (who: string, key: string, query: string) =>
      fetch(t.hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: bearer(key) }, body: JSON.stringify({ query }) }).then(async (r) => {
        const body = (await r.json()) as any;
        done.push({ who, at: performance.now(), status: r.status, code: body.errors?.[0]?.extensions?.code });
        return { r, body };
      });
    t.hub.concurrency.maxSeen = 0;
    const heavies = Array.from({ length: 20 }, () => ask('heavy', DEMO_KEYS.analyst, heavy));
    await new Promise((r) => setTimeout(r, 20));
    const cheapSent = performance.now();
    const cheapAnswer = ask('cheap', DEMO_KEYS.land, '{ alertRules { id } }');
    const cheap = await cheapAnswer;
    const heavyDoneWhenCheap = done.filter((d) => d.who === 'heavy').length;
    const all = await Promise.all(heavies);
    expect(cheap.r.status).toBe(200);
    expect(t.hub.concurrency.maxSeen).toBeLessThanOrEqual(4);
    // The cheap query did not queue behind the heavy ones: it finished before the last of them.
    const cheapAt = done.find((d) => d.who === 'cheap')!.at;
    console.info(`A10: cheap query answered in ${(cheapAt - cheapSent).toFixed(0)} ms while ${heavyDoneWhenCheap} of 20 heavy ones had finished; heavy: ${all.filter((a) => a.r.status === 200).length} answered, ${all.filter((a) => a.r.status === 429).length} refused 429`);
    expect(cheapAt).toBeLessThan(Math.max(...done.filter((d) => d.who === 'heavy').map((d) => d.at)));
    for (const { r, body } of all) {
      if (r.status === 200) expect(body.errors).toBeUndefined();
      else {
        expect(r.status).toBe(429);
        expect(r.headers.get('retry-after')).toBe('1');
        expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'TOO_MANY_CONCURRENT', max: 4 });
      }
    }
    expect(all.filter((a) => a.r.status === 200).length).toBeGreaterThanOrEqual(4);
    await stillUp();
  });

  it.runIf(!!process.env.DATABASE_URL)('A10: the operation deadline cancels its running SQL (statement_timeout), not only resolvers yet to start', async () => {
    const database = await openDatabase({ url: t.db.url, statementTimeoutMs: 300 });
    try {
      const started = performance.now();
      await expect(database.reads.execute(sql`select pg_sleep(3)`)).rejects.toMatchObject({ cause: { code: '57014' } });
      expect(performance.now() - started).toBeLessThan(2500);
      // Ingest's own connections are not bound by the read deadline.
      await database.db.execute(sql`select pg_sleep(0.4)`);
    } finally {
      await database.close();
    }
  });
});
