/**
 * Analyst questions under the policy, enumerated: for every department, every filter
 * field and link, every order field, every group dimension and every measure of every
 * analyst root it may run — over HTTP and over WebSocket — a field it may read in the
 * clear is accepted, and one denied, masked (counting would reveal it) or needing a purpose
 * not declared is refused with FORBIDDEN and its reason, before any SQL. The expectation is
 * computed from the policy file, not from the gate. And a district office's answers hold
 * only its division's rows, through links too.
 */
import { getNamedType, isObjectType, type GraphQLNamedType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../../src/config.js';
import { buildHubSchema } from '../../src/graphql/build-schema.js';
import { classOf } from '../../src/graphql/data-class.js';
import { inputsOf } from '../../src/graphql/analyst/inputs.js';
import { allSpecs, type AnalystSpec } from '../../src/graphql/analyst/spec.js';
import { Policy } from '../../src/policy/policy.js';
import { startSettledHub, withoutRequestIds, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';

const demo = loadConfigFile(DEMO_CONFIG_PATH);
const policy = new Policy(demo.policy!);
let t: TestHub;
let schema: GraphQLSchema;

beforeAll(async () => {
  t = await startSettledHub({ enterprises: 150 });
  schema = await buildHubSchema();
}, 180_000);
afterAll(async () => t?.stop());

const KEYS = { market: DEMO_KEYS.market, land: DEMO_KEYS.land, tax: DEMO_KEYS.tax, finance: DEMO_KEYS.finance, analyst: DEMO_KEYS.analyst, admin: DEMO_KEYS.admin } as const;

/** The policy's own answer for reading `Type.field` in the clear: null, or the refusal's reason. */
function expected(dept: string, typeName: string, field: string, purpose: boolean): string | null {
  const type = schema.getType(typeName) as GraphQLObjectType;
  const f = type.getFields()[field]!;
  const cls = classOf(type, f);
  if (!cls) return readable(dept, getNamedType(f.type)) ? null : 'TYPE_DENIED';
  const access = policy.fieldAccess(dept, typeName, field, cls);
  if (access === 'deny') return 'FIELD_DENIED';
  if (!purpose && policy.purposeRequired(dept, cls)) return 'PURPOSE_REQUIRED';
  return access === 'mask' ? 'FIELD_DENIED' : null;
}

function readable(dept: string, type: GraphQLNamedType): boolean {
  if (!isObjectType(type)) return true;
  return Object.values(type.getFields()).some((f) => {
    const cls = classOf(type, f);
    return cls !== null && cls !== 'STRUCTURE' && policy.fieldAccess(dept, type.name, f.name, cls) !== 'deny';
  });
}

interface Case { label: string; query: string; variables: Record<string, unknown>; refusal: string | null }

/** Every question of `spec`'s analyst roots a department may run, each with the policy's expected answer. */
function casesOf(dept: string, s: AnalystSpec, purpose: boolean): Case[] {
  const out: Case[] = [];
  const conn = s.connection?.root;
  if (conn && policy.operationAllowed(dept, 'Query', conn)) {
    const q = `query($f: ${s.typeName}Filter, $o: [${s.typeName}Order!]) { ${conn}(filter: $f, orderBy: $o, first: 2) { totalCount edges { cursor } } }`;
    for (const field of Object.keys(s.fields)) out.push({ label: `${conn} filter ${field}`, query: q, variables: { f: { [field]: { isNull: false } } }, refusal: expected(dept, s.typeName, field, purpose) });
    for (const [link, rel] of Object.entries(s.relations)) {
      out.push({ label: `${conn} filter ${link}`, query: q, variables: { f: { [link]: rel.one ? {} : { some: {} } } }, refusal: expected(dept, s.typeName, link, purpose) });
    }
    for (const [name, prop] of Object.entries(inputsOf(s).orderFields)) {
      out.push({ label: `${conn} orderBy ${name}`, query: q, variables: { o: [{ field: name }] }, refusal: expected(dept, s.typeName, prop, purpose) });
    }
  }
  const stats = s.stats;
  if (stats && policy.operationAllowed(dept, 'Query', stats.root)) {
    for (const [name, dim] of Object.entries(stats.groups)) {
      const [type, field] = dim.field.split('.') as [string, string];
      out.push({ label: `${stats.root} groupBy ${name}`, query: `{ ${stats.root}(groupBy: [${name}]) { groups { count } } }`, variables: {}, refusal: expected(dept, type, field, purpose) });
    }
    for (const [m, kind] of Object.entries(stats.measures)) {
      const agg = kind === 'date' ? 'min' : 'sum';
      out.push({ label: `${stats.root} ${agg} ${m}`, query: `{ ${stats.root} { groups { count ${agg} { ${m} } } } }`, variables: {}, refusal: expected(dept, s.typeName, m, purpose) });
    }
  }
  return out;
}

function wsAsk(client: Client, query: string, variables: Record<string, unknown>): Promise<any> {
  return new Promise((resolve, reject) => {
    let result: unknown;
    client.subscribe({ query, variables }, { next: (r) => (result = r), error: reject, complete: () => resolve(result) });
  });
}

describe('every analyst question, every department, both transports', () => {
  it.each(Object.entries(KEYS))('%s: accepted or refused exactly as the policy says', async (dept, key) => {
    let accepted = 0;
    let refused = 0;
    for (const purpose of [null, 'analyst policy test']) {
      const headers: Record<string, string> = { authorization: bearer(key), ...(purpose ? { 'x-purpose': purpose } : {}) };
      const client = createClient({
        url: t.hub.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true,
        connectionParams: { authorization: bearer(key), ...(purpose ? { purpose } : {}) },
      });
      try {
        for (const s of allSpecs()) {
          for (const c of casesOf(dept, s, purpose !== null)) {
            const before = t.hub.database.counter.statements;
            const http = (await t.gql(c.query, c.variables, headers)).body;
            const statements = t.hub.database.counter.statements - before;
            const ws = await wsAsk(client, c.query, c.variables);
            const label = `${dept}${purpose ? ' with a purpose' : ''}: ${c.label}`;
            expect(withoutRequestIds(ws), `${label}: WebSocket answers as HTTP`).toEqual(withoutRequestIds(http));
            if (c.refusal === null) {
              expect(http.errors, label).toBeUndefined();
              accepted++;
            } else {
              expect(http.errors?.[0]?.extensions, label).toMatchObject({ code: 'FORBIDDEN', reason: c.refusal });
              expect(http.data, `${label}: nothing answered`).toBeNull();
              expect(statements, `${label}: refused before any SQL`).toBe(0);
              refused++;
            }
          }
        }
      } finally {
        await client.dispose();
      }
    }
    // Not vacuous: every department is asked something; all but the admin are refused something.
    expect(accepted).toBeGreaterThan(0);
    if (dept !== 'admin') expect(refused, `${dept}: refusals checked`).toBeGreaterThan(0);
  }, 300_000);
});

describe('a district office sees its division only, through links too', () => {
  const office = { authorization: bearer(DEMO_KEYS.marketShushan) };
  const n = async (query: string) => {
    const body = (await t.gql(query, {}, office)).body;
    expect(body.errors, query).toBeUndefined();
    return Object.values(body.data)[0] as any;
  };
  const count = async (sql: string) => (await t.hub.database.query<{ n: number }>(sql))[0]!.n;

  it('counts, pages and statistics hold 340104 rows only', async () => {
    const inScope = `e.division_code >= '340104' and e.division_code < '340105'`;
    expect((await n('{ enterprises(first: 1) { totalCount } }')).totalCount).toBe(await count(`select count(*)::int as n from enterprise e where ${inScope}`));
    expect((await n('{ licenses(first: 1) { totalCount } }')).totalCount).toBe(await count(`select count(*)::int as n from license l join enterprise e on e.uscc = l.holder_uscc where ${inScope}`));
    expect((await n('{ creditRecords(first: 1) { totalCount } }')).totalCount).toBe(await count(`select count(*)::int as n from credit_record c join enterprise e on e.uscc = c.uscc where ${inScope}`));
    const stats = await n('{ enterpriseStats(groupBy: [CITY]) { groups { key { city } count } } }');
    expect(stats.groups).toEqual([{ key: { city: '340100' }, count: await count(`select count(*)::int as n from enterprise e where ${inScope}`) }]);
  });

  it('a link predicate does not reach another division’s rows', async () => {
    // An enterprise of 340104 linked to parcels: only parcels of 340104 count for the office.
    const linked = `e.uscc in (select pe.enterprise_uscc from parcel_event pe join land_parcel p on p.parcel_code = pe.parcel_code where p.division_code = '340104'
      union select h.holder_uscc from registration_holder h join registration r on r.ywh = h.ywh join land_parcel p on p.parcel_code = left(r.unit_code, 19) where p.division_code = '340104')`;
    const want = await count(`select count(*)::int as n from enterprise e where e.division_code = '340104' and ${linked}`);
    const anywhere = await count(`select count(*)::int as n from enterprise e where e.division_code = '340104' and e.uscc in (select enterprise_uscc from parcel_event)`);
    const got = (await n('{ enterprises(first: 1, filter: { parcels: { some: {} } }) { totalCount } }')).totalCount;
    expect(got).toBe(want);
    expect(anywhere + want).toBeGreaterThanOrEqual(want);
  });
});
