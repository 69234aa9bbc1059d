/**
 * Departments see what their policy says, over HTTP and over WebSocket alike (battery C01,
 * C02, C03, C05, C06, C07, F04, H01, H02): every (department, type, field) cell of the demo policy for the
 * graph's entity types — allowed values equal the admin's, masked ones are masked, denied
 * ones are refused with FORBIDDEN and no value — each reached through `node(id)`, the
 * path every department has. Also: a district office sees its own division only, as if
 * the rest did not exist; a declared purpose is required where the policy says; tokens
 * (API keys and JWTs) are checked, and no token means no data.
 */
import { createHash, randomBytes } from 'node:crypto';
import { getNamedType, isLeafType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eq } from 'drizzle-orm';
import { apiKey } from '../../schema/index.js';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../../src/config.js';
import { buildHubSchema } from '../../src/graphql/build-schema.js';
import { classOf } from '../../src/graphql/data-class.js';
import { maskValue } from '../../src/policy/masks.js';
import { Policy } from '../../src/policy/policy.js';
import { World } from '../../src/simulator/world.js';
import { startTestHub, withoutRequestIds, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';

const demo = loadConfigFile(DEMO_CONFIG_PATH);
/** A valid USCC of another world's enterprise: not in this graph. */
const UNKNOWN_USCC = new World({ enterprises: 10, seed: 4242 }).enterprise(7).uscc;
const policy = new Policy(demo.policy!);
const JWT_SECRET = randomBytes(32).toString('hex');
let t: TestHub;
let schema: GraphQLSchema;
/** A global ID per entity type, from the demo world. */
const ids = new Map<string, string>();

beforeAll(async () => {
  process.env.GOVGRAPH_TEST_JWT_SECRET = JWT_SECRET;
  t = await startTestHub({
    config: {
      ...demo, demo: { enterprises: 150, seed: 20261124 },
      // The matrix looks up one entity per cell, several thousand in a minute: the lookup budget is not what it tests.
      limits: { ...demo.limits, lookupsPerMinute: 100_000 },
      auth: { ...demo.auth, jwt: { issuer: 'https://idp.example.gov.cn', audience: 'govgraph', algorithms: ['HS256'], keyEnv: 'GOVGRAPH_TEST_JWT_SECRET', departmentClaim: 'department', divisionClaim: 'division' } },
    },
  });
  await t.hub.scheduler!.firstRound;
  schema = await buildHubSchema();
  const { body } = await t.gql(`{ enterprises(first: 50) { edges { node { id uscc legalRepresentative { id } licenses { id } creditRecords { id } loans { id } tax { id } parcels { id } } } } }`);
  for (const { node } of body.data.enterprises.edges) {
    ids.set('Enterprise', ids.get('Enterprise') ?? node.id);
    if (node.legalRepresentative) ids.set('Person', ids.get('Person') ?? node.legalRepresentative.id);
    for (const [type, list] of [['License', node.licenses], ['CreditRecord', node.creditRecords], ['Loan', node.loans], ['LandParcel', node.parcels]] as const) {
      if (list.length) ids.set(type, ids.get(type) ?? list[0].id);
    }
    if (node.tax) ids.set('TaxProfile', ids.get('TaxProfile') ?? node.tax.id);
  }
}, 120_000);
afterAll(async () => t?.stop());

/** Leaf fields without arguments: the cells of the matrix. */
function leafFields(type: string): string[] {
  const t = schema.getType(type);
  if (!isObjectType(t)) throw new Error(type);
  return Object.values(t.getFields()).filter((f) => f.args.length === 0 && isLeafType(getNamedType(f.type))).map((f) => f.name).sort();
}

interface Answer {
  data: any;
  errors?: { message: string; extensions: Record<string, unknown> }[];
}

async function overHttp(key: string, query: string, variables: Record<string, unknown>, purpose?: string): Promise<Answer> {
  const { body } = await t.gql(query, variables, { authorization: bearer(key), ...(purpose ? { 'x-purpose': encodeURIComponent(purpose) } : {}) });
  return body;
}

/** One operation over a fresh graphql-ws socket, with the key in connection_init. */
function overWs(key: string, query: string, variables: Record<string, unknown>, purpose?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(t.hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const timer = setTimeout(() => reject(new Error('no answer over WebSocket')), 10_000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: bearer(key) } })));
    ws.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.type === 'connection_ack') ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables, extensions: purpose ? { purpose } : undefined } }));
      if (m.type === 'next' || m.type === 'error') {
        clearTimeout(timer);
        ws.close();
        resolve(m.type === 'next' ? m.payload : { data: null, errors: m.payload });
      }
    });
    ws.on('close', (code) => code !== 1000 && code !== 1005 && reject(new Error(`closed ${code}`)));
  });
}

const TYPES = ['Enterprise', 'Person', 'License', 'LandParcel', 'CreditRecord', 'Loan', 'TaxProfile'];
const DEPARTMENTS = { market: DEMO_KEYS.market, land: DEMO_KEYS.land, tax: DEMO_KEYS.tax, finance: DEMO_KEYS.finance, analyst: DEMO_KEYS.analyst, admin: DEMO_KEYS.admin };

describe.each([['HTTP', overHttp], ['WebSocket', overWs]] as const)('field policy over %s', (_transport, ask) => {
  it.each(Object.entries(DEPARTMENTS))('C01: %s: every field of every entity type is allowed, masked or denied as the policy says', async (department, key) => {
    const checked: string[] = [];
    for (const type of TYPES) {
      const id = ids.get(type);
      expect(id, `the demo world has a ${type}`).toBeDefined();
      for (const field of leafFields(type)) {
        const query = `query($id: ID!) { node(id: $id) { ... on ${type} { ${field} } } }`;
        const truth = (await overHttp(DEMO_KEYS.admin, query, { id })).data.node[field];
        const got = await ask(key, query, { id }, 'matrix test');
        const t = schema.getType(type) as GraphQLObjectType;
        const access = policy.fieldAccess(department, type, field, classOf(t, t.getFields()[field]!)!);
        const cell = `${department} ${type}.${field} (${access})`;
        const readable = leafFields(type).some((f) => policy.fieldAccess(department, type, f, classOf(t, t.getFields()[f]!)!) !== 'deny');
        if (!readable) {
          // A type the department may read nothing of is not there for it, through node(id) as anywhere.
          expect(got.errors?.[0]?.extensions, cell).toMatchObject({ code: 'NOT_FOUND' });
          expect(got.data?.node ?? null, cell).toBeNull();
        } else if (access === 'deny') {
          expect(got.errors?.[0]?.extensions, cell).toMatchObject({ code: 'FORBIDDEN', reason: 'FIELD_DENIED' });
          expect(got.data?.node?.[field] ?? null, cell).toBeNull();
        } else {
          expect(got.errors, cell).toBeUndefined();
          expect(got.data.node[field], cell).toEqual(access === 'mask' ? maskValue(truth) : truth);
          if (access === 'mask' && typeof truth === 'string' && truth.length > 1) expect(got.data.node[field], cell).not.toEqual(truth);
        }
        checked.push(cell);
      }
    }
    expect(checked.length).toBeGreaterThan(60);
  }, 120_000);
});

describe('row conditions: a district office sees its own division only', () => {
  it('C02, C03, C05: returns rows outside the division as if they did not exist — by lookup, node(id), list, count and nested link', async () => {
    const { body } = await t.gql(`{ enterprises(first: 100) { edges { node { id uscc divisionCode } } } }`);
    const all = body.data.enterprises.edges.map((e: any) => e.node);
    const inside = all.find((e: any) => e.divisionCode === '340104');
    const outside = all.find((e: any) => e.divisionCode && e.divisionCode !== '340104');
    expect(inside && outside, 'the demo world has enterprises inside and outside 340104').toBeTruthy();
    const key = DEMO_KEYS.marketShushan;
    const withLicenses = await t.gql(`{ enterprises(first: 100) { edges { node { uscc divisionCode licenses { licenseId } } } } }`);
    const licensed = withLicenses.body.data.enterprises.edges.map((e: any) => e.node).find((e: any) => e.divisionCode && e.divisionCode !== '340104' && e.licenses.length > 0);
    expect(licensed, 'an enterprise outside 340104 holds a license').toBeTruthy();
    const outsideLicense = licensed.licenses[0].licenseId as string;
    // The positive control: the admin sees the holder.
    expect((await overHttp(DEMO_KEYS.admin, 'query($l: String!) { license(id: $l) { holderEnterprise { uscc } } }', { l: outsideLicense })).data.license.holderEnterprise.uscc).toBe(licensed.uscc);
    for (const ask of [overHttp, overWs]) {
      const own = await ask(key, 'query($u: String!) { enterprise(uscc: $u) { uscc } }', { u: inside.uscc });
      expect(own.data.enterprise.uscc).toBe(inside.uscc); // the positive control
      // Exactly what a USCC nobody registered gets.
      const other = await ask(key, 'query($u: String!) { enterprise(uscc: $u) { uscc } }', { u: outside.uscc });
      const nobody = await ask(key, 'query($u: String!) { enterprise(uscc: $u) { uscc } }', { u: UNKNOWN_USCC });
      expect(other.data.enterprise).toBeNull();
      expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', type: 'Enterprise' });
      expect(withoutRequestIds(nobody.errors)).toEqual(withoutRequestIds(other.errors));
      const byNode = await ask(key, 'query($id: ID!) { node(id: $id) { id } }', { id: outside.id });
      expect(byNode.data.node).toBeNull();
      expect(byNode.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
      const list = await ask(key, '{ enterprises(first: 100) { totalCount edges { node { divisionCode } } } }', {});
      expect(list.data.enterprises.edges.length).toBeGreaterThan(0);
      expect(list.data.enterprises.edges.every((e: any) => e.node.divisionCode === '340104')).toBe(true);
      expect(list.data.enterprises.totalCount).toBe(list.data.enterprises.edges.length);
      // A child row of an enterprise outside (its license) is its enterprise's: not there either, by lookup or node(id).
      const nested = await ask(key, 'query($l: String!) { license(id: $l) { licenseId holderName holderEnterprise { uscc } } }', { l: outsideLicense });
      expect(nested.data?.license ?? null).toBeNull();
      expect(nested.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', type: 'License' });
      expect(JSON.stringify(nested)).not.toContain(licensed.uscc);
    }
    // Nor can it watch or acknowledge what is outside — the enterprise, or its license.
    const watch = await overWs(key, 'subscription($u: String!) { entityChanged(type: ENTERPRISE, key: $u) { entityKey } }', { u: outside.uscc });
    expect(watch.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const watchLicense = await overWs(key, 'subscription($l: String!) { entityChanged(type: LICENSE, key: $l) { entityKey } }', { l: outsideLicense });
    expect(watchLicense.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const [foreign] = await t.hub.database.query<{ id: string }>("select id::text from alert where division_code not like '340104%' order by id limit 1");
    const ack = await overHttp(key, 'mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }', { id: Buffer.from(`Alert:${foreign!.id}`).toString('base64url') });
    expect(ack.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const [still] = await t.hub.database.query<{ acknowledged_at: unknown }>('select acknowledged_at from alert where id = $1', [foreign!.id]);
    expect(still!.acknowledged_at).toBeNull();
    // The city bureau's key (no division) sees both.
    expect((await overHttp(DEMO_KEYS.market, 'query($u: String!) { enterprise(uscc: $u) { uscc } }', { u: outside.uscc })).data.enterprise.uscc).toBe(outside.uscc);
  });
});

describe('purpose', () => {
  it('is required where the policy says (X-Purpose header or a purpose extension)', async () => {
    const query = 'query($id: ID!) { node(id: $id) { ... on Person { maskedId } } }';
    const id = ids.get('Person');
    for (const ask of [overHttp, overWs]) {
      const without = await ask(DEMO_KEYS.analyst, query, { id });
      expect(without.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' });
      const withPurpose = await ask(DEMO_KEYS.analyst, query, { id }, '企业画像 case 2026-118');
      expect(withPurpose.data.node.maskedId).toMatch(/^\d{6}\*+[\dX]{4}$/);
    }
  });
});

describe('principals', () => {
  const query = '{ alertRules { id } }';
  const raw = (headers: Record<string, string>) =>
    fetch(t.hub.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

  it('C07: no token, a wrong, malformed, expired or unknown key → 401 UNAUTHENTICATED, no data', async () => {
    const expired = 'gg_expired-test.' + 'e'.repeat(32);
    await t.hub.database.db.insert(apiKey).values({ id: 'expired-test', department: 'admin', secretSha256: createHash('sha256').update('e'.repeat(32)).digest('hex'), expiresAt: new Date(Date.now() - 1000) });
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer gg_admin-demo.wrongwrongwrongwrongwrong' }, { authorization: 'Basic YWRtaW46YWRtaW4=' }, { authorization: bearer(expired) }, { authorization: 'Bearer gg_nobody.aaaaaaaaaaaaaaaaaaaa' }]) {
      const res = await raw(headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      const body = (await res.json()) as any;
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(body.data ?? null).toBeNull();
    }
  });

  it('C07: JWTs are verified — signature, issuer, audience, expiry; alg none refused', async () => {
    const key = new TextEncoder().encode(JWT_SECRET);
    const sign = (claims: Record<string, unknown>, o: { iss?: string; aud?: string; exp?: string | number } = {}) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('officer-7').setIssuer(o.iss ?? 'https://idp.example.gov.cn')
        .setAudience(o.aud ?? 'govgraph').setIssuedAt().setExpirationTime(o.exp ?? '5m').sign(key);
    const good = await raw({ authorization: bearer(await sign({ department: 'admin' })) });
    expect(good.status).toBe(200);
    expect(((await good.json()) as any).data.alertRules.length).toBeGreaterThan(0);
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ department: 'admin', iss: 'https://idp.example.gov.cn', aud: 'govgraph', exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url')}.`;
    for (const token of [
      await sign({ department: 'admin' }, { aud: 'someone-else' }), await sign({ department: 'admin' }, { iss: 'https://evil.example' }),
      await sign({ department: 'admin' }, { exp: Math.floor(Date.now() / 1000) - 120 }), await sign({}), none,
      (await sign({ department: 'admin' })).slice(0, -4) + 'AAAA',
    ]) {
      const res = await raw({ authorization: bearer(token) });
      expect(res.status).toBe(401);
    }
  });

  it('A11: a department no policy opens gets no schema through introspection, over HTTP and WebSocket — a refusal, not a server error', async () => {
    const key = new TextEncoder().encode(JWT_SECRET);
    const token = await new SignJWT({ department: 'nobody' }).setProtectedHeader({ alg: 'HS256' }).setSubject('officer-9').setIssuer('https://idp.example.gov.cn')
      .setAudience('govgraph').setIssuedAt().setExpirationTime('5m').sign(key);
    const query = '{ __schema { queryType { fields { name } } } }';
    for (const ask of [overHttp, overWs]) {
      const got = await ask(token, query, {});
      expect(got.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OPERATION_DENIED' });
      expect(got.data ?? null).toBeNull();
    }
  });

  it('C07: JWTs fail closed — no exp, a lifetime over the maximum, or a division claim that is not a known code is refused, never widened', async () => {
    const key = new TextEncoder().encode(JWT_SECRET);
    const base = () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('officer-8').setIssuer('https://idp.example.gov.cn').setAudience('govgraph').setIssuedAt();
    const claims = (c: Record<string, unknown>) => new SignJWT(c).setProtectedHeader({ alg: 'HS256' }).setSubject('officer-8').setIssuer('https://idp.example.gov.cn').setAudience('govgraph').setIssuedAt();
    const refused = [
      await base().sign(key), // no exp at all (before: accepted forever)
      await claims({ department: 'admin' }).sign(key),
      await claims({ department: 'admin' }).setExpirationTime('2h').sign(key), // longer than the 1 h default
      ...(await Promise.all([340104, '', ['340104'], '999999', '34010', { code: '340104' }, true].map((division) => claims({ department: 'market', division }).setExpirationTime('5m').sign(key)))),
    ];
    for (const token of refused) {
      const res = await raw({ authorization: bearer(token) });
      expect(res.status, token).toBe(401);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    for (const division of ['340104', null, undefined]) {
      const ok = await raw({ authorization: bearer(await claims({ department: 'admin', division }).setExpirationTime('50m').sign(key)) });
      expect(ok.status, String(division)).toBe(200);
    }
  });

  it('F04: a WebSocket without a valid token in connection_init is closed 4403', async () => {
    for (const payload of [undefined, { authorization: 'Bearer gg_admin-demo.wrongwrongwrongwrongwrong' }]) {
      const ws = new WebSocket(t.hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload })));
      expect(await closed).toBe(4403);
    }
  });

  it('C06: a department may not run a mutation its policy does not list; nothing is written', async () => {
    const before = (await t.gql('{ alertRules { id } }')).body.data.alertRules.length;
    const res = await overHttp(DEMO_KEYS.analyst, 'mutation { createAlertRule(input: { kind: TAX_ARREARS, name: "x" }) { id } }', {});
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.gql('{ alertRules { id } }')).body.data.alertRules.length).toBe(before);
  });
});

describe('safelist (H01, H02)', () => {
  const card = demo.policy!.departments['market-app']!.safelist![0]!;
  it('lets a safelisted department run its registered operations only, over HTTP and WebSocket', async () => {
    const { body } = await t.gql('{ enterprises(first: 1) { edges { node { uscc } } } }');
    const uscc = body.data.enterprises.edges[0].node.uscc;
    for (const ask of [overHttp, overWs]) {
      const ok = await ask(DEMO_KEYS.marketApp, card, { uscc });
      expect(ok.errors, JSON.stringify(ok.errors)).toBeUndefined();
      expect(ok.data.enterprise.uscc).toBe(uscc);
      // The same operation with one more field is another document: refused.
      const other = await ask(DEMO_KEYS.marketApp, card.replace('status divisionCode', 'status divisionCode address'), { uscc });
      expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_SAFELISTED' });
      expect(other.data?.enterprise ?? null).toBeNull();
    }
    // A hash alone (automatic persisted queries) registers nothing: APQ is off.
    const apq = await fetch(t.hub.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: bearer(DEMO_KEYS.marketApp) },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update('{ alertRules { id } }').digest('hex') } } }),
    });
    const apqBody = (await apq.json()) as any;
    expect(apqBody.errors[0].extensions.code).toMatch(/^PERSISTED_QUERY_NOT_(SUPPORTED|FOUND)$/);
    expect(apqBody.data ?? null).toBeNull();
  });
});

describe('key management', () => {
  it('creates a key whose token works at once, revokes it at once; only where the policy allows', async () => {
    const created = await t.gql('mutation { createApiKey(input: { department: "tax", label: "test" }) { id token } }');
    const { id, token } = created.body.data.createApiKey;
    expect(token).toMatch(new RegExp(`^gg_${id}\\.`));
    expect((await overHttp(token, '{ alertRules { kind } }', {})).data.alertRules.length).toBeGreaterThan(0);
    const [stored] = await t.hub.database.db.select().from(apiKey).where(eq(apiKey.id, id));
    expect(stored!.secretSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token.split('.')[1]);
    expect((await t.gql('mutation($id: String!) { revokeApiKey(id: $id) }', { id })).body.data.revokeApiKey).toBe(true);
    const after = await fetch(t.hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: bearer(token) }, body: JSON.stringify({ query: '{ alertRules { kind } }' }) });
    expect(after.status).toBe(401);
    const denied = await overHttp(DEMO_KEYS.analyst, 'mutation { createApiKey(input: { department: "admin" }) { token } }', {});
    expect(denied.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(denied.data?.createApiKey ?? null).toBeNull();
  });

  it('refuses a key whose division is not a known code (an empty one is not "all divisions"), when created and when a stored one is used', async () => {
    for (const division of ['', '34010', '999999', 'abcdef']) {
      const res = await t.gql('mutation($d: String) { createApiKey(input: { department: "market", division: $d }) { id } }', { d: division });
      expect(res.body.errors?.[0]?.extensions, division).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    const created = (await t.gql('mutation { createApiKey(input: { department: "market", division: "340104" }) { id token } }')).body.data.createApiKey;
    expect((await overHttp(created.token, '{ __typename }', {})).data.__typename).toBe('Query');
    // A row altered in the table (or written by an older version) fails closed too.
    await t.hub.database.db.update(apiKey).set({ division: '' }).where(eq(apiKey.id, created.id));
    await new Promise((r) => setTimeout(r, 5200)); // the hub's key cache (5 s) lets the altered row through
    const after = await fetch(t.hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: bearer(created.token) }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(after.status).toBe(401);
  });
});
