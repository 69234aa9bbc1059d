/**
 * govgraph as an Apollo Federation 2 subgraph, spoken to directly (no gateway): `_service`
 * serves the committed subgraph schema; `_entities` answers each representation by each
 * of its type's keys, in order, through the entity gate (classes, masks, ownership: a row
 * the caller may not see answers exactly as one that does not exist), as one statement per
 * entity type however many representations, each representation counted against the
 * lookup budget, and recorded in the read audit.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../../src/config.js';
import { SCHEMA_FILE } from '../../src/graphql/emit-schema.js';
import { expectAnswering, startSettledHub, withoutRequestIds, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';

const demo = loadConfigFile(DEMO_CONFIG_PATH);
const LOOKUPS = 40;
let t: TestHub;
let inside: { uscc: string; name: string };
let outside: { uscc: string; name: string };
let regOnly: { reg_no: string };
let parcelCode: string;

const as = (key: string, purpose = true) => ({ authorization: bearer(key), ...(purpose ? { 'x-purpose': 'federation test' } : {}) });
const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Enterprise { uscc name } ... on LandParcel { parcelCode } } }';
const enterpriseRep = (uscc: string) => ({ __typename: 'Enterprise', uscc });

beforeAll(async () => {
  t = await startSettledHub({ config: { ...demo, demo: { enterprises: 150, seed: 20261124 }, limits: { ...demo.limits, lookupsPerMinute: LOOKUPS } } });
  const one = async <T>(sql: string) => (await t.hub.database.query<T>(sql))[0]!;
  inside = await one(`select uscc, name from enterprise where division_code = '340104' and uscc is not null order by uscc limit 1`);
  outside = await one(`select uscc, name from enterprise where division_code <> '340104' and uscc is not null order by uscc limit 1`);
  regOnly = await one(`select reg_no from enterprise where uscc is null and reg_no is not null order by reg_no limit 1`);
  parcelCode = (await one<{ parcel_code: string }>(`select parcel_code from land_parcel order by 1 limit 1`)).parcel_code;
}, 180_000);
afterAll(async () => t?.stop());

describe('_service', () => {
  it('serves the committed subgraph schema (schema.graphql without its header) to a key granted it', async () => {
    const { body } = await t.gql('{ _service { sdl } }');
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(body.data._service.sdl).toBe(committed.slice(committed.indexOf('extend schema')));
  });

  it('is an operation the policy grants: a department without it is refused', async () => {
    const { body } = await t.gql('{ _service { sdl } }', {}, as(DEMO_KEYS.market));
    expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OPERATION_DENIED' });
    expect(body.data?._service ?? null).toBeNull();
  });
});

describe('_entities', () => {
  it('answers every representation in order, by each key of its type, null for one that names nothing', async () => {
    const r = [
      enterpriseRep(outside.uscc), { __typename: 'LandParcel', parcelCode }, enterpriseRep('91340100MA2NOTHERE'), { __typename: 'Enterprise', regNo: regOnly.reg_no },
      { __typename: 'Enterprise', uscc: null }, { __typename: 'Enterprise', uscc: 'REG:' + regOnly.reg_no }, enterpriseRep(inside.uscc),
    ];
    const { body } = await t.gql(ENTITIES, { r }, as(DEMO_KEYS.analyst));
    expect(body.errors).toBeUndefined();
    expect(body.data._entities).toEqual([
      { __typename: 'Enterprise', uscc: outside.uscc, name: outside.name }, { __typename: 'LandParcel', parcelCode }, null,
      expect.objectContaining({ __typename: 'Enterprise', uscc: null }), null, null, { __typename: 'Enterprise', uscc: inside.uscc, name: inside.name },
    ]);
  });

  it('a row the district office may not see answers exactly as one that does not exist', async () => {
    const ask = (uscc: string) => t.gql(ENTITIES, { r: [enterpriseRep(uscc)] }, as(DEMO_KEYS.marketShushan));
    const [hidden, missing, own] = [await ask(outside.uscc), await ask('91340100MA2NOTHERE'), await ask(inside.uscc)];
    expect(hidden).toEqual(missing);
    expect(hidden.body).toEqual({ data: { _entities: [null] } });
    expect(own.body.data._entities[0].uscc).toBe(inside.uscc);
  });

  it('decides every field as the root lookup does: masked alike, denied alike', async () => {
    const direct = await t.gql(`{ enterprise(uscc: "${outside.uscc}") { legalRepName } }`, {}, as(DEMO_KEYS.market));
    const viaEntities = await t.gql('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { legalRepName } } }', { r: [enterpriseRep(outside.uscc)] }, as(DEMO_KEYS.market));
    expect(viaEntities.body.data._entities[0].legalRepName).toBe(direct.body.data.enterprise.legalRepName);
    expect(direct.body.data.enterprise.legalRepName).toMatch(/\*/);
    // A class that needs a purpose, without one; a type the department may read nothing of.
    for (const [key, selection, purpose] of [[DEMO_KEYS.market, 'legalRepName', false], [DEMO_KEYS.market, 'tax { tin }', true]] as const) {
      const d = await t.gql(`{ enterprise(uscc: "${outside.uscc}") { ${selection} } }`, {}, as(key, purpose));
      const e = await t.gql(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { ${selection} } } }`, { r: [enterpriseRep(outside.uscc)] }, as(key, purpose));
      expect(d.body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(withoutRequestIds(e.body.errors)[0].extensions).toEqual(withoutRequestIds(d.body.errors)[0].extensions);
      expect(JSON.stringify(e.body.data)).not.toMatch(/tin|\*/);
    }
  });

  it('is one statement per entity type, however many representations', async () => {
    const usccs = (await t.hub.database.query<{ uscc: string }>(`select uscc from enterprise where uscc is not null order by uscc limit 30`)).map((r) => r.uscc);
    const parcels = (await t.hub.database.query<{ parcel_code: string }>(`select parcel_code from land_parcel order by 1 limit 5`)).map((r) => r.parcel_code);
    const count = async (n: number) => {
      const r = [...usccs.slice(0, n).map(enterpriseRep), ...parcels.slice(0, Math.ceil(n / 6)).map((p) => ({ __typename: 'LandParcel', parcelCode: p }))];
      const before = t.hub.database.counter.statements;
      const { body } = await t.gql(ENTITIES, { r }, as(DEMO_KEYS.admin));
      expect(body.data._entities.filter(Boolean)).toHaveLength(r.length);
      return t.hub.database.counter.statements - before;
    };
    const [few, many] = [await count(2), await count(30)];
    expect(many).toBe(few);
    const audit = await count(0);
    expect(few - audit).toBe(2);
  });

  it('counts each representation against the lookup budget, and refuses the whole operation past it', async () => {
    const r = Array.from({ length: LOOKUPS + 1 }, () => enterpriseRep(inside.uscc));
    const refused = await t.gql(ENTITIES, { r }, as(DEMO_KEYS.tax));
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', max: LOOKUPS });
    const literal = `{ _entities(representations: [${Array.from({ length: LOOKUPS + 1 }, () => `{ __typename: "Enterprise", uscc: "${inside.uscc}" }`).join(', ')}]) { __typename } }`;
    expect((await t.gql(literal, {}, as(DEMO_KEYS.tax))).body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await t.gql(ENTITIES, { r: r.slice(0, 3) }, as(DEMO_KEYS.tax))).body.data._entities).toHaveLength(3);
  });

  it('refuses a representation that is not one, with BAD_USER_INPUT, and stays up', async () => {
    for (const r of [[{ __typename: 'EnterpriseEvent', id: 'x' }], [{ __typename: 'Query' }], [{ uscc: inside.uscc }], ['Enterprise'], [[1]]]) {
      const { status, body } = await t.gql(ENTITIES, { r }, as(DEMO_KEYS.analyst));
      expect(body.errors[0].extensions.code, JSON.stringify(r)).toBe('BAD_USER_INPUT');
      expect(status).toBeLessThan(500);
    }
    await expectAnswering(t);
  });

  it('records every entity returned in the read audit, under the caller’s department', async () => {
    await t.gql(ENTITIES, { r: [enterpriseRep(inside.uscc), { __typename: 'LandParcel', parcelCode }] }, as(DEMO_KEYS.land));
    const [row] = await t.hub.database.query<{ department: string; entities: string[] }>(`select department, entities from read_audit order by seq desc limit 1`);
    expect(row).toEqual({ department: 'land', entities: expect.arrayContaining([`Enterprise:${inside.uscc}`, `LandParcel:${parcelCode}`]) });
  });
});
