/**
 * Battery cases on inputs and cross-request isolation (C04, C09, D01–D03, D05–D07): each
 * asserts the answer and its stable code, that nothing leaked (no SQL, no value echoed,
 * no other caller's data), and that the server still answers afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';

let t: TestHub;
let uscc: string;

beforeAll(async () => {
  t = await startTestHub({ enterprises: 60 });
  await t.hub.scheduler!.firstRound;
  uscc = (await t.gql('{ enterprises(first: 1) { edges { node { uscc } } } }')).body.data.enterprises.edges[0].node.uscc;
}, 120_000);
afterAll(async () => t?.stop());

const LEAK = /select |insert |from "|drizzle|postgres|stack|at \/|node_modules/i;

async function stillUp() {
  expect((await t.gql('{ __typename }')).body.data).toEqual({ __typename: 'Query' });
}

describe('C: isolation and error leakage', () => {
  it('C04: concurrent requests of two departments never share loader caches or masked fields', async () => {
    const q = 'query($u: String!) { enterprise(uscc: $u) { legalRepName } }';
    const admin = () => t.gql(q, { u: uscc }, { authorization: bearer(DEMO_KEYS.admin) });
    const land = () => t.gql(q, { u: uscc }, { authorization: bearer(DEMO_KEYS.land) });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? land() : admin())));
    const full = answers[0]!.body.data.enterprise.legalRepName as string;
    expect(full.length).toBeGreaterThan(1);
    answers.forEach((a, i) => expect(a.body.data.enterprise.legalRepName).toBe(i % 2 ? `${[...full][0]}${'*'.repeat([...full].length - 1)}` : full));
  });

  it('C09: a database error (a NUL byte in text) is masked with an errorId — no SQL, no parameters', async () => {
    const res = await t.gql('query($n: String) { enterprises(first: 1, filter: { nameContains: $n }) { totalCount } }', { n: 'a\u0000b' });
    const text = JSON.stringify(res.body);
    expect(res.body.errors[0].extensions.code).toMatch(/INTERNAL_SERVER_ERROR|BAD_USER_INPUT/);
    if (res.body.errors[0].extensions.code === 'INTERNAL_SERVER_ERROR') expect(res.body.errors[0].extensions.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(text).not.toMatch(LEAK);
    await stillUp();
  });
});

describe('D: injection and input validation', () => {
  it('D01: SQL in a filter is a literal: no extra rows', async () => {
    const res = await t.gql(`{ enterprises(first: 100, filter: { nameContains: "%' OR 1=1 --" }) { totalCount } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.enterprises.totalCount).toBe(0);
  });

  it('D02: a value outside an enum is refused at coercion', async () => {
    const res = await t.gql('{ alerts(first: 1, order: NEWEST_FIRST_AND_DROP_TABLE) { edges { cursor } } }');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('D03: LIKE wildcards are escaped, and a long pattern is refused', async () => {
    const wild = await t.gql('{ enterprises(first: 100, filter: { nameContains: "%%_%" }) { totalCount } }');
    expect(wild.body.data.enterprises.totalCount).toBe(0);
    const long = await t.gql(`{ enterprises(first: 1, filter: { nameContains: "${'%_'.repeat(500)}" }) { totalCount } }`);
    expect(long.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.nameContains' });
  });

  it('D05–D07: bad checksums, impossible dates and look-alike digits are refused without echoing the value', async () => {
    const last = uscc.at(-1) === '0' ? '1' : '0';
    const cases = [
      ['uscc', `{ enterprise(uscc: "${uscc.slice(0, -1)}${last}") { name } }`, uscc.slice(0, -1) + last],
      ['resident id (30 Feb)', '{ person(idNumber: "110101199002301234") { maskedId } }', '110101199002301234'],
      ['fullwidth digits', `{ enterprise(uscc: "${uscc.replace(/\d/, (d) => String.fromCharCode(0xff10 + Number(d)))}") { name } }`, null],
      ['zero-width space', `{ enterprise(uscc: "${uscc.slice(0, 5)}\u200b${uscc.slice(5)}") { name } }`, null],
    ] as const;
    const canonical = (await t.gql(`{ enterprise(uscc: "${uscc}") { name } }`)).body.data.enterprise.name;
    for (const [what, query, value] of cases) {
      const res = await t.gql(query);
      if (value === null) {
        // Look-alikes are either refused or normalised (NFKC, invisible characters dropped) to the same code — never a different record.
        if (res.body.errors) expect(res.body.errors[0].extensions.code, what).toBe('INVALID_IDENTIFIER');
        else expect(res.body.data.enterprise.name, what).toBe(canonical);
        continue;
      }
      expect(res.body.errors?.[0]?.extensions?.code, what).toBe('INVALID_IDENTIFIER');
      expect(JSON.stringify(res.body), what).not.toContain(value);
      expect(res.body.data?.enterprise ?? res.body.data?.person ?? null, what).toBeNull();
    }
    await stillUp();
  });
});
