/**
 * Access conformance, by routes (battery C01–C03, C05): every query root field of the
 * live schema is a route, and from each every link a client can follow (two levels deep,
 * through interfaces and connections). For every demo department — the district office
 * included — over HTTP and WebSocket, the answer must equal what the policy says:
 * - leaf fields by their data class: allowed values equal the admin's, masked ones equal
 *   the admin's masked, and each denied field (or link to a type the department may read
 *   nothing of, or operation it may not run) is refused with its reason and no data;
 * - the district office's answers hold only rows its division owns, checked against the
 *   database by an oracle written in SQL independently of the gate's own lookups;
 * - alert streams carry only alerts of classes the department may read, in scope.
 * A root field without sample arguments below, a leaf without a class or a type without an
 * ownership rule fails this test (the last two fail the schema build first).
 */
import { getNamedType, isAbstractType, isNonNullType, isObjectType, type GraphQLNamedType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../../src/config.js';
import { buildHubSchema } from '../../src/graphql/build-schema.js';
import { classOf } from '../../src/graphql/data-class.js';
import { isStructural } from '../../src/graphql/ownership.js';
import { ALERT_KIND_CLASSES, CHANGE_TYPE_CLASSES } from '../../src/policy/classes.js';
import { maskValue } from '../../src/policy/masks.js';
import { Policy } from '../../src/policy/policy.js';
import { World } from '../../src/simulator/world.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';

const demo = loadConfigFile(DEMO_CONFIG_PATH);
const policy = new Policy(demo.policy!);
const SEED = 20261124;
const DIVISION = '340104';
const PURPOSE = 'conformance test';
let t: TestHub;
let schema: GraphQLSchema;

type Args = Record<string, unknown>;
/** An enum value in sample arguments (written bare in the document). */
class Enum {
  constructor(readonly value: string) {}
}
/** Sample arguments for every query root field: one route each (two for lookups: a row inside 340104 and one outside). */
let samples: Record<string, Args[]>;

beforeAll(async () => {
  t = await startTestHub({ config: { ...demo, demo: { enterprises: 150, seed: SEED, examplePolicies: true }, limits: { ...demo.limits, lookupsPerMinute: 1_000_000, maxTokens: 100_000, maxAliases: 1000, maxCost: 1_000_000 } } });
  await t.hub.scheduler!.firstRound;
  schema = await buildHubSchema();
  const q = (sql: string) => t.hub.database.query<Record<string, string>>(sql).then((r) => r[0] ?? {});
  const inside = await q(`select e.uscc, e.reg_no from enterprise e where e.division_code = '${DIVISION}' and exists (select 1 from license l where l.holder_uscc = e.uscc) order by e.uscc limit 1`);
  const outside = await q(`select e.uscc from enterprise e where e.division_code <> '${DIVISION}' and exists (select 1 from loan l where l.borrower_uscc = e.uscc) order by e.uscc limit 1`);
  const lic = await q(`select license_id from license where holder_uscc = '${outside.uscc}' order by 1 limit 1`);
  const cr = await q(`select kind, doc_no from credit_record where uscc is not null order by doc_no limit 1`);
  const ln = await q(`select lender_code, contract_no from loan order by contract_no limit 1`);
  const parcel = await q(`select parcel_code from land_parcel order by 1 limit 1`);
  const unit = await q(`select unit_code from real_estate_unit order by 1 limit 1`);
  const reg = await q(`select ywh from registration order by 1 limit 1`);
  const project = await q(`select project_code from project order by 1 limit 1`);
  const tin = await q(`select tin from taxpayer where uscc = '${outside.uscc}' limit 1`);
  const regNo = await q(`select reg_no from enterprise where reg_no is not null order by 1 limit 1`);
  const person = [...new World({ enterprises: 150, seed: SEED }).enterprises()][0]!.legalRep.idNumber;
  const node = Buffer.from(`Enterprise:${outside.uscc}`).toString('base64url');
  const personHash = await q(`select person_hash from person order by 1 limit 1`);
  const policyId = Number((await q(`select id from support_policy where title like '新设立企业%'`)).id);
  // One representation of every federated entity type (inside 340104 and out), by each of its keys, and one of nothing.
  const representations = [
    { __typename: 'Enterprise', uscc: inside.uscc }, { __typename: 'Enterprise', uscc: outside.uscc }, { __typename: 'Enterprise', regNo: regNo.reg_no },
    { __typename: 'Enterprise', uscc: '91340100MA2NOTHERE' }, { __typename: 'LandParcel', parcelCode: parcel.parcel_code }, { __typename: 'RealEstateUnit', unitCode: unit.unit_code },
    { __typename: 'License', licenseId: lic.license_id }, { __typename: 'Project', projectCode: project.project_code }, { __typename: 'Registration', ywh: reg.ywh },
    { __typename: 'TaxProfile', tin: tin.tin }, { __typename: 'Person', id: Buffer.from(`Person:${personHash.person_hash}`).toString('base64url') },
  ];
  samples = {
    enterprise: [{ uscc: inside.uscc }, { uscc: outside.uscc }], enterpriseByRegistrationNumber: [{ regNo: regNo.reg_no }],
    enterprises: [{ first: 5 }], parcels: [{ first: 5 }], alerts: [{ first: 5, filter: { kinds: [new Enum('LICENSE_EXPIRING'), new Enum('DEREGISTERED_WITH_VALID_LICENSES')] } }],
    license: [{ id: lic.license_id }], creditRecord: [{ kind: cr.kind, docNo: cr.doc_no }], loan: [{ lenderCode: ln.lender_code, contractNo: ln.contract_no }],
    node: [{ id: node }], parcel: [{ code: parcel.parcel_code }], unit: [{ code: unit.unit_code }], registration: [{ ywh: reg.ywh }],
    project: [{ code: project.project_code }], taxpayer: [{ tin: tin.tin }], person: [{ idNumber: person }],
    alertRules: [{}], sources: [{}], syncRuns: [{ first: 2 }], quarantine: [{ first: 2 }], whoAccessed: [{ type: new Enum('ENTERPRISE'), key: outside.uscc, first: 2 }],
    licenses: [{ first: 5 }], creditRecords: [{ first: 5 }], loans: [{ first: 5 }], registrations: [{ first: 5 }], units: [{ first: 5 }], projects: [{ first: 5 }],
    _service: [{}], _entities: [{ representations }], taxpayers: [{ first: 5 }], enterpriseStats: [{ groupBy: [new Enum('COUNTY'), new Enum('STATUS')] }], parcelStats: [{ groupBy: [new Enum('LAND_USE_CLASS')] }],
    loanStats: [{ groupBy: [new Enum('LENDER')] }], creditRecordStats: [{ groupBy: [new Enum('KIND')] }], taxPaymentStats: [{ groupBy: [new Enum('MONTH'), new Enum('COUNTY')] }],
    noLoanList: [{ first: 5 }], noLoanStats: [{ groupBy: [new Enum('COUNTY')] }], parcelTaxRanking: [{ county: parcel.parcel_code!.slice(0, 6) }],
    parcelStageDurations: [{ groupBy: [new Enum('COUNTY')] }], supportPolicies: [{}], supportPolicy: [{ id: policyId }],
    // The start-up subsidy: its criterion (founding date, status) is public register data every department may filter on.
    policyMatches: [{ policyId, first: 5 }],
  };
}, 180_000);
afterAll(async () => t?.stop());

const KEYS = {
  market: DEMO_KEYS.market, 'market (340104 office)': DEMO_KEYS.marketShushan, land: DEMO_KEYS.land, tax: DEMO_KEYS.tax,
  finance: DEMO_KEYS.finance, analyst: DEMO_KEYS.analyst, admin: DEMO_KEYS.admin,
} as const;
const departmentOf = (name: string) => name.replace(/ \(.*\)$/, '');

// ---- the policy, read independently of the gate --------------------------------------

const access = (dept: string, type: GraphQLObjectType, field: string) => policy.fieldAccess(dept, type.name, field, classOf(type, type.getFields()[field]!)!);
const requiredArgs = (f: { args: readonly { type: unknown; defaultValue: unknown }[] }) => f.args.some((a) => isNonNullType(a.type as never) && a.defaultValue === undefined);

function readable(dept: string, type: GraphQLNamedType, seen = new Set<string>()): boolean {
  if (seen.has(type.name)) return false;
  seen.add(type.name);
  if (isAbstractType(type)) return schema.getPossibleTypes(type).some((p) => readable(dept, p, seen));
  if (!isObjectType(type)) return true;
  const fields = Object.values(type.getFields());
  if (isStructural(type)) {
    const links = fields.filter((f) => !classOf(type, f));
    return links.length === 0 || links.some((f) => readable(dept, getNamedType(f.type), new Set(seen)));
  }
  return fields.some((f) => classOf(type, f) && classOf(type, f) !== 'STRUCTURE' && access(dept, type, f.name) !== 'deny');
}

/** The selection a department may ask for on `type`: its readable leaves, and its readable links `depth` deep. */
function selection(dept: string, type: GraphQLNamedType, depth: number, alias = false): string {
  if (isAbstractType(type)) {
    // Fragments on several types may name one field with different types: each is aliased `Type__field`.
    return ['__typename', ...schema.getPossibleTypes(type).filter((p) => readable(dept, p)).map((p) => `... on ${p.name} { ${selection(dept, p, depth, true)} }`)].join(' ');
  }
  if (!isObjectType(type)) return '';
  const parts = ['__typename'];
  const name = (f: string) => (alias ? `${type.name}__${f}: ${f}` : f);
  for (const f of Object.values(type.getFields())) {
    if (requiredArgs(f)) continue;
    const target = getNamedType(f.type);
    if (classOf(type, f)) {
      if (access(dept, type, f.name) !== 'deny') parts.push(name(f.name));
    } else if ((depth > 0 || isStructural(type)) && readable(dept, target)) {
      parts.push(`${name(f.name)} { ${selection(dept, target, isStructural(type) ? depth : depth - 1)} }`);
    }
  }
  return parts.join(' ');
}

/** The admin's answer as `dept` must see it: masked leaves masked. */
function asSeenBy(dept: string, type: GraphQLNamedType, value: any): any {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => asSeenBy(dept, type, v));
  const concrete = isAbstractType(type) ? schema.getType(value.__typename) : type;
  if (!isObjectType(concrete)) return value;
  // A row of a type the department may read nothing of is, through an interface or union, not there (`_entities`).
  if (isAbstractType(type) && !readable(dept, concrete)) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const f = concrete.getFields()[k.split('__').pop()!];
    if (!f) out[k] = v;
    else if (classOf(concrete, f)) out[k] = access(dept, concrete, f.name) === 'mask' ? maskValue(v) : v;
    else out[k] = asSeenBy(dept, getNamedType(f.type), v);
  }
  return out;
}

const literal = (v: unknown): string =>
  v instanceof Enum ? v.value : Array.isArray(v) ? `[${v.map(literal).join(', ')}]`
    : v && typeof v === 'object' ? `{ ${Object.entries(v).map(([k, x]) => `${k}: ${literal(x)}`).join(', ')} }` : JSON.stringify(v);
const argList = (a: Args) => (Object.keys(a).length ? `(${Object.entries(a).map(([k, v]) => `${k}: ${literal(v)}`).join(', ')})` : '');

/** An answer without what the clock alone changes between two requests (a source's lag in seconds), nor its request id. */
const steady = (a: Answer): Answer => JSON.parse(JSON.stringify(a), (k, v) => (k === 'lagSeconds' || k === 'requestId' ? undefined : v));

// ---- transports -----------------------------------------------------------------------

interface Answer { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: any }[] }
const http = (key: string) => async (query: string): Promise<Answer> =>
  (await t.gql(query, {}, { authorization: bearer(key), 'x-purpose': encodeURIComponent(PURPOSE) })).body;
function ws(key: string): { ask: (query: string) => Promise<Answer>; client: Client } {
  const client = createClient({ url: t.hub.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: bearer(key) }, retryAttempts: 0, lazy: true });
  const ask = (query: string) => new Promise<Answer>((resolve) => {
    let got: Answer = {};
    client.subscribe({ query, extensions: { purpose: PURPOSE } }, { next: (r) => (got = r as Answer), error: (e) => resolve({ errors: Array.isArray(e) ? e : [{ message: String(e) }] }), complete: () => resolve(got) });
  });
  return { ask, client };
}

// ---- the ownership oracle, in SQL -----------------------------------------------------

const OWNER_SQL: Record<string, string> = {
  Enterprise: `select division_code as d from enterprise where uscc = $1 or 'REG:' || reg_no = $1`,
  LandParcel: `select division_code as d from land_parcel where parcel_code = $1`,
  Project: `select division_code as d from project where project_code = $1`,
  License: `select e.division_code as d from license l join enterprise e on e.uscc = l.holder_uscc where l.license_id = $1`,
  CreditRecord: `select e.division_code as d from credit_record c join enterprise e on e.uscc = c.uscc where c.kind || '|' || c.doc_no = $1`,
  Loan: `select e.division_code as d from loan l join enterprise e on e.uscc = l.borrower_uscc where l.lender_code || '|' || l.contract_no = $1`,
  TaxProfile: `select e.division_code as d from taxpayer x join enterprise e on e.uscc = x.uscc where x.tin = $1`,
  ParcelEvent: `select p.division_code as d from parcel_event v join land_parcel p on p.parcel_code = v.parcel_code where v.event_id::text = $1`,
  RealEstateUnit: `select p.division_code as d from real_estate_unit u join land_parcel p on p.parcel_code = u.parcel_code where u.unit_code = $1`,
  Registration: `select p.division_code as d from registration r join land_parcel p on p.parcel_code = substr(r.unit_code, 1, 19) where r.ywh = $1`,
  Alert: `select division_code as d from alert where id::text = $1`,
  Person: `select null as d`,
};

/** Every entity the last operation of `principal` returned, as its audit row names them. */
async function lastReturned(principal: string): Promise<string[]> {
  const [row] = await t.hub.database.query<{ entities: string[] }>(`select entities from read_audit where principal_id = $1 order by seq desc limit 1`, [principal]);
  return row?.entities ?? [];
}

async function expectInScope(entities: string[], route: string): Promise<void> {
  for (const e of entities) {
    const [type, key] = [e.slice(0, e.indexOf(':')), e.slice(e.indexOf(':') + 1)];
    const sql = OWNER_SQL[type];
    expect(sql, `an ownership oracle for ${type}`).toBeDefined();
    const [owner] = await t.hub.database.query<{ d: string | null }>(sql!, sql!.includes('$1') ? [key] : []);
    expect(owner?.d?.startsWith('340104') ?? false, `${route}: ${e} returned to the 340104 office`).toBe(true);
  }
}

// ---- the test --------------------------------------------------------------------------

describe('every route, every department, both transports', () => {
  it('has sample arguments for every query root field', () => {
    const roots = Object.keys(schema.getQueryType()!.getFields()).sort();
    expect(roots.filter((r) => !samples[r])).toEqual([]);
  });

  it.each(Object.entries(KEYS))('C01, C02, C03, C05: %s gets exactly what the policy says', async (name, key) => {
    const dept = departmentOf(name);
    const scoped = name.includes('340104');
    const principal = `key:${key.slice(3, key.indexOf('.'))}`;
    const socket = ws(key);
    const overHttp = http(key);
    const admin = http(DEMO_KEYS.admin);
    let routes = 0;
    const deniedSeen = new Set<string>();
    try {
      for (const [root, argsList] of Object.entries(samples)) {
        const field = schema.getQueryType()!.getFields()[root]!;
        const target = getNamedType(field.type);
        for (const args of argsList) {
          const route = `${name}: ${root}${argList(args)}`;
          routes++;
          if (!policy.operationAllowed(dept, 'Query', root) || !readable(dept, target)) {
            const reason = !policy.operationAllowed(dept, 'Query', root) ? 'OPERATION_DENIED' : 'TYPE_DENIED';
            for (const ask of [overHttp, socket.ask]) {
              const got = await ask(`{ ${root}${argList(args)} { __typename } }`);
              expect(got.errors?.[0]?.extensions, route).toMatchObject({ code: 'FORBIDDEN', reason });
              expect(got.data?.[root] ?? null, route).toBeNull();
            }
            deniedSeen.add(`Query.${root}`);
            continue;
          }
          const query = `{ ${root}${argList(args)} { ${selection(dept, target, 1)} } }`;
          const [viaHttp, viaWs] = [steady(await overHttp(query)), steady(await socket.ask(query))];
          expect(viaWs, `${route}: WebSocket answers as HTTP`).toEqual(viaHttp);
          if (scoped) {
            // Outside rows are not there: only NOT_FOUND, and every row returned is the division's.
            for (const e of viaHttp.errors ?? []) expect(e.extensions?.code, route).toBe('NOT_FOUND');
            await expectInScope(await lastReturned(principal), route);
          } else {
            expect(viaHttp.errors, route).toBeUndefined();
            const truth = steady(await admin(query));
            expect(viaHttp.data[root], route).toEqual(asSeenBy(dept, target, truth.data[root]));
          }
          // Each denied leaf and each link to a type denied whole, once per type: refused with its reason, no data.
          for (const t2 of reachable(target)) {
            for (const f of Object.values(t2.getFields())) {
              const probeKey = `${t2.name}.${f.name}`;
              if (deniedSeen.has(probeKey) || requiredArgs(f)) continue;
              const denyLeaf = classOf(t2, f) && access(dept, t2, f.name) === 'deny';
              const denyLink = !classOf(t2, f) && !readable(dept, getNamedType(f.type));
              if (!denyLeaf && !denyLink) continue;
              const probe = probeQuery(dept, root, args, t2, `__typename ${denyLeaf ? f.name : `${f.name} { __typename }`}`);
              if (!probe) continue;
              const got = await overHttp(probe);
              // Conclusive only where the path reached a row of that type (a lookup of another division's row, an empty link, are not).
              if (!JSON.stringify(got.data ?? null).includes(`"__typename":"${t2.name}"`) && !got.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')) continue;
              deniedSeen.add(probeKey);
              expect(got.errors?.[0]?.extensions, `${name}: ${probeKey}`).toMatchObject({ code: 'FORBIDDEN', reason: denyLeaf ? 'FIELD_DENIED' : 'TYPE_DENIED' });
              expect(JSON.stringify(got.data ?? null), `${name}: ${probeKey} leaks no value`).not.toMatch(new RegExp(`"${f.name}":[^n]`));
            }
          }
        }
      }
    } finally {
      await socket.client.dispose();
    }
    expect(routes).toBeGreaterThanOrEqual(Object.keys(schema.getQueryType()!.getFields()).length);
    // Every department but the admin is denied something (an operation, a type, a field), and that was seen refused.
    if (dept !== 'admin') expect(deniedSeen.size, `${name}: denied fields probed`).toBeGreaterThan(0);
  }, 180_000);

  it.each(Object.entries(KEYS))('A11: introspection shows %s only the operations, types and fields its policy grants', async (name, key) => {
    const dept = departmentOf(name);
    const query = '{ __schema { queryType { fields { name } } types { name kind fields { name } } } }';
    const socket = ws(key);
    const [viaHttp, viaWs] = [await http(key)(query), await socket.ask(query)];
    await socket.client.dispose();
    expect(viaWs).toEqual(viaHttp);
    expect(viaHttp.errors).toBeUndefined();
    const seen = viaHttp.data.__schema;
    const roots = schema.getQueryType()!.getFields();
    const expectedRoots = Object.keys(roots).filter((r) => policy.operationAllowed(dept, 'Query', r) && readable(dept, getNamedType(roots[r]!.type))).sort();
    expect(seen.queryType.fields.map((f: any) => f.name).sort(), name).toEqual(expectedRoots);
    for (const t2 of seen.types.filter((x: any) => x.kind === 'OBJECT' && !x.name.startsWith('__') && !['Query', 'Mutation', 'Subscription'].includes(x.name))) {
      const full = schema.getType(t2.name) as GraphQLObjectType;
      expect(readable(dept, full), `${name} sees type ${t2.name}`).toBe(true);
      const expected = Object.values(full.getFields())
        .filter((f) => (classOf(full, f) ? access(dept, full, f.name) !== 'deny' : readable(dept, getNamedType(f.type))))
        .map((f) => f.name).sort();
      expect(t2.fields.map((f: any) => f.name).sort(), `${name}: fields of ${t2.name}`).toEqual(expected);
    }
    // What it may read nothing of is not even named.
    const names = new Set(seen.types.map((x: any) => x.name));
    for (const t2 of Object.values(schema.getTypeMap()).filter((x): x is GraphQLObjectType => isObjectType(x) && !x.name.startsWith('__'))) {
      if (!readable(dept, t2) && !['Query', 'Mutation', 'Subscription'].includes(t2.name)) expect(names.has(t2.name), `${name} must not see ${t2.name}`).toBe(false);
    }
  });

  it.each(Object.entries(KEYS))('C05: %s alert stream carries only alerts of classes it may read, in its scope', async (name, key) => {
    const dept = departmentOf(name);
    if (!policy.operationAllowed(dept, 'Subscription', 'alerts')) return;
    const socket = ws(key);
    const events: any[] = [];
    await new Promise<void>((resolve) => {
      const stop = socket.client.subscribe({ query: 'subscription { alerts(after: "YzowOQ") { kind divisionCode } }' }, {
        next: (r) => {
          events.push(r.data?.alerts);
          if (events.length >= 40) resolve();
        },
        error: () => resolve(), complete: () => resolve(),
      });
      setTimeout(() => {
        stop();
        resolve();
      }, 3000);
    });
    await socket.client.dispose();
    for (const a of events) {
      expect(policy.classAccess(dept, ALERT_KIND_CLASSES[a.kind]!), `${name}: ${a.kind}`).not.toBe('deny');
      if (name.includes('340104')) expect(a.divisionCode?.startsWith('340104'), `${name}: ${a.kind} in ${a.divisionCode}`).toBe(true);
    }
  });

  it.each(Object.entries(KEYS))('C05: %s change stream carries only changes of classes it may read, of what it may see', async (name, key) => {
    const dept = departmentOf(name);
    if (!policy.operationAllowed(dept, 'Subscription', 'entityChanged')) return;
    // An enterprise with changes of several kinds of record (its loans, its tax, its licenses), inside 340104 and outside.
    const pick = async (inside: boolean) => (await t.hub.database.query<{ u: string }>(
      `select c.enterprise_uscc as u from entity_change c join enterprise e on e.uscc = c.enterprise_uscc
       where e.division_code ${inside ? '=' : '<>'} '${DIVISION}' group by 1 order by count(distinct c.entity_type) desc, 1 limit 1`))[0]!.u;
    for (const [uscc, inside] of [[await pick(true), true], [await pick(false), false]] as const) {
      // A department denied a class sees none of its changes, even where the log holds some.
      const all = await t.hub.database.query<{ entity_type: string }>('select distinct entity_type from entity_change where enterprise_uscc = $1', [uscc]);
      const expected = all.map((r) => r.entity_type).filter((ty) => policy.classAccess(dept, CHANGE_TYPE_CLASSES[ty]!) !== 'deny').sort();
      const kinds = () => [...new Set(events.map((c) => c.entityType))].sort();
      const socket = ws(key);
      const events: any[] = [];
      const errors: any[] = [];
      await new Promise<void>((resolve) => {
        const stop = socket.client.subscribe({ query: `subscription { entityChanged(type: ENTERPRISE, key: "${uscc}", after: "YzowOQ") { entityType entityKey enterpriseUscc } }` }, {
          next: (r) => {
            if (r.errors) errors.push(...r.errors);
            else events.push(r.data?.entityChanged);
            // The replay holds every kind it may see: then, a moment more for anything it may not.
            if (JSON.stringify(kinds()) === JSON.stringify(expected)) setTimeout(resolve, 300);
          },
          error: (e) => {
            errors.push(...(Array.isArray(e) ? e : [e]));
            resolve();
          },
          complete: () => resolve(),
        });
        setTimeout(() => {
          stop();
          resolve();
        }, 10_000);
      });
      await socket.client.dispose();
      if (name.includes('340104') && !inside) {
        expect(errors[0]?.extensions?.code, `${name} watching an enterprise outside`).toBe('NOT_FOUND');
        expect(events).toEqual([]);
        continue;
      }
      expect(errors, name).toEqual([]);
      expect(events.length, `${name}: changes of ${uscc}`).toBeGreaterThan(0);
      for (const c of events) expect(policy.classAccess(dept, CHANGE_TYPE_CLASSES[c.entityType]!), `${name}: a ${c.entityType} change`).not.toBe('deny');
      expect(kinds(), `${name}: kinds of change`).toEqual(expected);
    }
  });
});

/** Object types reachable from `type` through links two levels deep (through interfaces and plumbing). */
function reachable(type: GraphQLNamedType, depth = 2, out = new Set<GraphQLObjectType>()): Set<GraphQLObjectType> {
  const types = isAbstractType(type) ? schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
  for (const ty of types) {
    if (out.has(ty)) continue;
    if (!isStructural(ty)) out.add(ty);
    if (depth <= 0 && !isStructural(ty)) continue;
    for (const f of Object.values(ty.getFields())) if (!classOf(ty, f) && !requiredArgs(f)) reachable(getNamedType(f.type), isStructural(ty) ? depth : depth - 1, out);
  }
  return out;
}

/** A query from `root` down to a `type` (through readable links) that selects `leaf` there; null when none exists. */
function probeQuery(dept: string, root: string, args: Args, type: GraphQLObjectType, leaf: string): string | null {
  const start = getNamedType(schema.getQueryType()!.getFields()[root]!.type);
  const path = findPath(dept, start, type, 3, new Set());
  return path === null ? null : `{ ${root}${argList(args)} { ${path(leaf)} } }`;
}

function findPath(dept: string, from: GraphQLNamedType, to: GraphQLObjectType, depth: number, seen: Set<string>): ((inner: string) => string) | null {
  if (from === to) return (inner) => inner;
  if (isAbstractType(from)) {
    if (schema.getPossibleTypes(from).includes(to)) return (inner) => `... on ${to.name} { ${inner} }`;
    return null;
  }
  if (!isObjectType(from) || depth <= 0 || seen.has(from.name)) return null;
  seen.add(from.name);
  for (const f of Object.values(from.getFields())) {
    if (classOf(from, f) || requiredArgs(f) || !readable(dept, getNamedType(f.type))) continue;
    const rest = findPath(dept, getNamedType(f.type), to, isStructural(from) ? depth : depth - 1, new Set(seen));
    if (rest) return (inner) => `${f.name} { ${rest(inner)} }`;
  }
  return null;
}
