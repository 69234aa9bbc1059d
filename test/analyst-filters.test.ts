/**
 * Analyst connections: every operator of every filterable field of every root connection
 * against the rows it should and should not match (an oracle over the table's own values),
 * link predicates against hand-written SQL, ordering with ties, keyset paging both ways
 * through every order (across runs of empty values) and while rows are inserted underneath, and bad filters refused before any SQL runs. Each
 * question is asked with the read planner on and off: the same answer, and one statement
 * when planned.
 */
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHubSchema } from '../src/graphql/build-schema.js';
import { inputsOf } from '../src/graphql/analyst/inputs.js';
import { allSpecs, FILTER_LIMITS, type AnalystSpec, type ScalarKind } from '../src/graphql/analyst/spec.js';
import { divisionRange } from '../src/domain/divisions.js';
import { startSettledHub, withoutRequestIds, type TestHub } from './support/hub.js';

let t: TestHub;

beforeAll(async () => {
  t = await startSettledHub({ enterprises: 150 });
  await buildHubSchema();
}, 180_000);
afterAll(async () => t?.stop());

const connections = () => allSpecs().filter((s) => s.connection);
const col = (s: AnalystSpec, prop: string) => (getTableColumns(s.table) as Record<string, PgColumn>)[prop]!;

interface Row { k: string; v: string | null }

/** Every row's key and `prop` as text, in key order. */
async function valuesOf(s: AnalystSpec, prop: string): Promise<Row[]> {
  const key = col(s, s.tiebreak).name;
  return t.hub.database.query<Row>(`select ${key}::text as k, ${col(s, prop).name}::text as v from ${getTableName(s.table)} order by ${key}`);
}

/** Asks a connection with the planner on and off; both must agree, and the planned one must be one statement. */
async function ask(s: AnalystSpec, args: Record<string, unknown>, select = 'totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }') {
  const root = s.connection!.root;
  const query = `query($filter: ${s.typeName}Filter, $orderBy: [${s.typeName}Order!], $first: Int, $after: String, $last: Int, $before: String) {
    ${root}(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) { ${select} } }`;
  const answers = [];
  for (const planned of [true, false]) {
    t.hub.planner.enabled = planned;
    const before = t.hub.database.counter.statements;
    const res = await t.gql(query, args);
    answers.push({ res, statements: t.hub.database.counter.statements - before });
  }
  t.hub.planner.enabled = true;
  expect(withoutRequestIds(answers[0]!.res.body), `${root} ${JSON.stringify(args)}: planner = resolvers`).toEqual(withoutRequestIds(answers[1]!.res.body));
  if (!answers[0]!.res.body.errors) expect(answers[0]!.statements, `${root} ${JSON.stringify(args)}: one statement`).toBe(1);
  return answers[0]!.res.body;
}

/** The primary key a cursor ends with. */
const keyOf = (cursor: string): string => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8').slice(2)).at(-1);

/** The enum name a stored code goes by in GraphQL. */
const enumName = (kind: ScalarKind, v: string) => (typeof kind === 'string' ? v : Object.entries(kind.enum).find(([, code]) => code === v)![0]);

/** Operator cases for a field: the GraphQL operator input and the JS predicate over the text value. */
function casesFor(kind: ScalarKind, values: (string | null)[]): { ops: Record<string, unknown>; test: (v: string | null) => boolean }[] {
  const present = [...new Set(values.filter((v): v is string => v !== null))].sort();
  const cases: { ops: Record<string, unknown>; test: (v: string | null) => boolean }[] = [
    { ops: { isNull: true }, test: (v) => v === null },
    { ops: { isNull: false }, test: (v) => v !== null },
  ];
  if (!present.length) return cases;
  const a = present[Math.floor(present.length / 3)]!;
  const b = present[Math.floor((2 * present.length) / 3)]!;
  const k = typeof kind === 'string' ? kind : 'enum';
  const g = (v: string) => (k === 'enum' ? enumName(kind, v) : k === 'int' ? Number(v) : k === 'amount' ? Number(v) : k === 'bool' ? v === 'true' : v);
  const cmp = (x: string, y: string) => (k === 'int' || k === 'amount' ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0);
  if (k !== 'division') cases.push({ ops: { eq: g(a) }, test: (v) => v !== null && cmp(v, a) === 0 });
  if (k === 'bool') return cases;
  if (k !== 'division') {
    cases.push({ ops: { ne: g(a) }, test: (v) => v !== null && cmp(v, a) !== 0 });
    cases.push({ ops: { in: [g(a), g(b)] }, test: (v) => v !== null && (cmp(v, a) === 0 || cmp(v, b) === 0) });
    cases.push({ ops: { in: [] }, test: () => false });
  }
  if (k === 'date' || k === 'int' || k === 'amount') {
    cases.push({ ops: { gt: g(a) }, test: (v) => v !== null && cmp(v, a) > 0 });
    cases.push({ ops: { gte: g(a), lt: g(b) }, test: (v) => v !== null && cmp(v, a) >= 0 && cmp(v, b) < 0 });
    cases.push({ ops: { lte: g(b) }, test: (v) => v !== null && cmp(v, b) <= 0 });
  }
  if (k === 'text' || k === 'landUse') {
    const prefix = k === 'landUse' ? a.slice(0, 2) : a.slice(0, 2);
    cases.push({ ops: { startsWith: prefix }, test: (v) => v !== null && v.startsWith(prefix) });
  }
  if (k === 'text' && a.length >= 3) {
    const middle = a.slice(1, 3);
    cases.push({ ops: { contains: middle }, test: (v) => v !== null && v.includes(middle) });
    // One character is a word in Chinese (药, 矿): as literal as any other.
    const one = [...a][1]!;
    cases.push({ ops: { contains: one }, test: (v) => v !== null && v.includes(one) });
  }
  if (k === 'division') {
    const city = `${a.slice(0, 4)}00`;
    const r = divisionRange(city);
    cases.push({ ops: { within: city }, test: (v) => v !== null && v >= r.from && v < r.to });
    cases.push({ ops: { in: [a, b] }, test: (v) => v === a || v === b });
  }
  return cases;
}

describe('filters', () => {
  it('every operator of every field of every connection matches exactly the rows it should', async () => {
    let checked = 0;
    for (const s of connections()) {
      for (const [prop, kind] of Object.entries(s.fields)) {
        if (col(s, prop).columnType === 'PgTimestamp') continue; // a day against an instant: covered by the ordering test
        const rows = await valuesOf(s, prop);
        for (const c of casesFor(kind, rows.map((r) => r.v))) {
          const expected = rows.filter((r) => c.test(r.v)).map((r) => r.k);
          const body = await ask(s, { filter: { [prop]: c.ops }, first: 100 });
          const label = `${s.connection!.root}(filter: { ${prop}: ${JSON.stringify(c.ops)} })`;
          expect(body.errors, label).toBeUndefined();
          const conn = body.data[s.connection!.root];
          expect(conn.totalCount, label).toBe(expected.length);
          expect(conn.edges.map((e: any) => keyOf(e.cursor)).sort(), label).toEqual(expected.slice(0, 100).map(String).sort());
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  }, 600_000);

  it('takes text literally: % _ and \\ are not wildcards', async () => {
    const [s] = connections().filter((x) => x.typeName === 'Enterprise');
    for (const needle of ['%', '_', '\\', '%%', '_%', '\\%', "%' OR 1=1 --"]) {
      const body = await ask(s!, { filter: { name: { contains: needle } }, first: 5 });
      expect(body.data.enterprises.totalCount, needle).toBe(0);
    }
    const all = await ask(s!, { filter: { name: { startsWith: '%' } }, first: 5 });
    expect(all.data.enterprises.totalCount).toBe(0);
    // 100 characters is 100 characters, however many UTF-16 units they take (𠮷 is two).
    const rare = await ask(s!, { filter: { name: { contains: '𠮷'.repeat(100) } }, first: 5 });
    expect(rare.errors).toBeUndefined();
    expect(rare.data.enterprises.totalCount).toBe(0);
  });

  it('combines conditions with and, or and not', async () => {
    const s = allSpecs().find((x) => x.typeName === 'Enterprise')!;
    const total = (await ask(s, { first: 1 })).data.enterprises.totalCount;
    const a = { status: { eq: 'SUBSISTING' } };
    const b = { divisionCode: { within: '340100' } };
    const n = async (filter: object) => (await ask(s, { filter, first: 1 })).data.enterprises.totalCount as number;
    const [na, nb, both, either, notA] = [await n(a), await n(b), await n({ and: [a, b] }), await n({ or: [a, b] }), await n({ not: a })];
    expect(na).toBeGreaterThan(0);
    expect(both).toBeGreaterThan(0);
    expect(either).toBe(na + nb - both);
    expect(notA).toBe(total - na);
    expect(await n({ ...a, ...b })).toBe(both);
    expect(await n({ or: [] })).toBe(0);
    expect(await n({ and: [] })).toBe(total);
  });
});

describe('link predicates', () => {
  const enterprise = () => allSpecs().find((x) => x.typeName === 'Enterprise')!;
  /** USCCs of the enterprises a filter selects (all pages), and of those the SQL selects. */
  async function both(filter: object, where: string) {
    const got: string[] = [];
    let after: string | undefined;
    for (;;) {
      const body = await ask(enterprise(), { filter, first: 100, after }, 'edges { cursor node { uscc } } pageInfo { hasNextPage endCursor }');
      expect(body.errors, JSON.stringify(filter)).toBeUndefined();
      got.push(...body.data.enterprises.edges.map((e: any) => e.node.uscc));
      if (!body.data.enterprises.pageInfo.hasNextPage) break;
      after = body.data.enterprises.pageInfo.endCursor;
    }
    const want = (await t.hub.database.query<{ uscc: string }>(`select e.uscc from enterprise e where ${where} order by e.id`)).map((r) => r.uscc);
    expect(got, JSON.stringify(filter)).toEqual(want);
    return got.length;
  }

  it('some / none / every over a list link, as the SQL says', async () => {
    const penalty = `exists (select 1 from credit_record c where c.uscc = e.uscc and not c.withdrawn and c.kind = 'PENALTY' and c.decided_on >= '2024-01-01')`;
    expect(await both({ creditRecords: { some: { kind: { eq: 'PENALTY' }, decidedOn: { gte: '2024-01-01' } } } }, penalty)).toBeGreaterThan(0);
    expect(await both({ creditRecords: { none: { kind: { eq: 'PENALTY' }, decidedOn: { gte: '2024-01-01' } } } }, `not ${penalty}`)).toBeGreaterThan(0);
    const noLoan = `not exists (select 1 from loan l where l.borrower_uscc = e.uscc and not l.withdrawn)`;
    expect(await both({ loans: { none: {} } }, noLoan)).toBeGreaterThan(0);
    expect(await both({ loans: { some: {} } }, `not (${noLoan})`)).toBeGreaterThan(0);
    const everyValid = `not exists (select 1 from license l where l.holder_uscc = e.uscc and l.status <> 'VALID')`;
    expect(await both({ licenses: { every: { status: { eq: 'VALID' } } } }, everyValid)).toBeGreaterThan(0);
    const industrial = `e.uscc in (select pe.enterprise_uscc from parcel_event pe join land_parcel p on p.parcel_code = pe.parcel_code where p.land_use like '06%'
      union select h.holder_uscc from registration_holder h join registration r on r.ywh = h.ywh join land_parcel p on p.parcel_code = left(r.unit_code, 19) where p.land_use like '06%')`;
    expect(await both({ parcels: { some: { landUse: { startsWith: '06' } } } }, industrial)).toBeGreaterThan(0);
  });

  it('a one-link predicate reads the linked row (the latest tax rating)', async () => {
    const latest = `(select r.rating from tax_rating r where r.tin = e.uscc order by r.year desc limit 1)`;
    expect(await both({ taxRating: { rating: { in: ['C', 'D'] } } }, `${latest} in ('C', 'D')`)).toBeGreaterThan(0);
    expect(await both({ not: { taxRating: {} } }, `${latest} is null`)).toBeGreaterThan(0);
  });

  it('answers the issue’s own question in one statement: manufacturing, founded since 2020, D-rated or penalised', async () => {
    const filter = {
      industryCode: { startsWith: 'C' }, establishedOn: { gte: '2020-01-01' },
      or: [{ taxRating: { rating: { eq: 'D' } } }, { creditRecords: { some: { kind: { eq: 'PENALTY' } } } }],
    };
    const where = `e.industry_code like 'C%' and e.established_on >= '2020-01-01' and ((select r.rating from tax_rating r where r.tin = e.uscc order by r.year desc limit 1) = 'D'
      or exists (select 1 from credit_record c where c.uscc = e.uscc and not c.withdrawn and c.kind = 'PENALTY'))`;
    await both(filter, where);
  });
});

describe('ordering and keyset paging', () => {
  const licenses = () => allSpecs().find((x) => x.typeName === 'License')!;

  /** Every page of `args` forwards (first/after), then backwards (last/before): the keys in order. */
  async function walk(s: AnalystSpec, args: Record<string, unknown>, size: number, onPage?: (n: number) => Promise<void>) {
    const forward: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const body = await ask(s, { ...args, first: size, after });
      expect(body.errors).toBeUndefined();
      const c = body.data[s.connection!.root];
      expect(c.pageInfo.hasPreviousPage).toBe(after !== undefined);
      forward.push(...c.edges.map((e: any) => keyOf(e.cursor)));
      if (c.edges.length) expect([c.pageInfo.startCursor, c.pageInfo.endCursor]).toEqual([c.edges[0].cursor, c.edges.at(-1).cursor]);
      await onPage?.(++pages);
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    const backward: string[] = [];
    let before: string | undefined;
    for (;;) {
      const body = await ask(s, { ...args, last: size, before });
      const c = body.data[s.connection!.root];
      expect(c.pageInfo.hasNextPage).toBe(before !== undefined);
      backward.unshift(...c.edges.map((e: any) => keyOf(e.cursor)));
      if (!c.pageInfo.hasPreviousPage) break;
      before = c.pageInfo.startCursor;
    }
    return { forward, backward };
  }

  it('orders by each sortable field both ways, ties broken by the key in the same direction, empty values as the greatest', async () => {
    for (const s of connections()) {
      for (const [name, prop] of Object.entries(inputsOf(s).orderFields)) {
        for (const direction of ['ASC', 'DESC']) {
          const key = col(s, s.tiebreak).name;
          const c = col(s, prop).name;
          const want = (await t.hub.database.query<{ k: string }>(
            `select ${key}::text as k from ${getTableName(s.table)} order by ${c} ${direction}, ${key} ${prop === s.tiebreak ? '' : direction} limit 7`,
          )).map((r) => r.k);
          const body = await ask(s, { orderBy: [{ field: name, direction }], first: 7 });
          expect(body.data[s.connection!.root].edges.map((e: any) => keyOf(e.cursor)), `${s.connection!.root} by ${name} ${direction}`).toEqual(want);
        }
      }
    }
  });

  it('pages forwards and backwards over ties to the same list', async () => {
    const s = licenses();
    const args = { orderBy: [{ field: 'TYPE_CODE', direction: 'DESC' }, { field: 'VALID_TO', direction: 'ASC' }] };
    const want = (await t.hub.database.query<{ k: string }>('select license_id as k from license order by type_code desc, valid_to asc, license_id asc')).map((r) => r.k);
    const { forward, backward } = await walk(s, args, 9);
    expect(forward).toEqual(want);
    expect(backward).toEqual(want);
  });

  it('pages through every order of every connection, both ways, to the list SQL gives, across runs of empty values', async () => {
    for (const s of connections()) {
      const table = getTableName(s.table);
      const key = col(s, s.tiebreak).name;
      const rows = (await t.hub.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
      if (rows === 0) continue;
      // Six pages or so each way, so cursors fall inside runs of ties and of empty values.
      const size = Math.max(3, Math.ceil(rows / 6));
      for (const [name, prop] of Object.entries(inputsOf(s).orderFields)) {
        const c = col(s, prop);
        // A quarter of the rows without a value (kept and put back), where the column may be empty
        // and the row's other constraints allow it (an enterprise keeps a USCC or a 注册号).
        const candidates = c.notNull ? [] : await t.hub.database.query<{ k: string; v: string | null }>(
          `select ${key}::text as k, ${c.name}::text as v from ${table} order by ${key} limit ${Math.max(2, Math.floor(rows / 4))}`);
        const emptied: typeof candidates = [];
        for (const r of candidates) {
          const done = await t.hub.database.query(`update ${table} set ${c.name} = null where ${key}::text = $1`, [r.k]).then(() => true, () => false);
          if (done) emptied.push(r);
        }
        if (!c.notNull) expect(emptied.length, `${table}.${c.name} emptied`).toBeGreaterThan(0);
        try {
          for (const direction of ['ASC', 'DESC']) {
            const want = (await t.hub.database.query<{ k: string }>(
              `select ${key}::text as k from ${table} order by ${c.name} ${direction === 'ASC' ? 'ASC NULLS LAST' : 'DESC NULLS FIRST'}, ${key} ${direction}`,
            )).map((r) => r.k);
            const { forward, backward } = await walk(s, { orderBy: [{ field: name, direction }] }, size);
            expect(forward, `${s.connection!.root} by ${name} ${direction}, forwards`).toEqual(want);
            expect(backward, `${s.connection!.root} by ${name} ${direction}, backwards`).toEqual(want);
          }
        } finally {
          for (const r of emptied) await t.hub.database.query(`update ${table} set ${c.name} = $1::${c.getSQLType()} where ${key}::text = $2`, [r.v, r.k]);
        }
      }
    }
  }, 300_000);

  it('keeps its place while rows are inserted and removed underneath', async () => {
    const s = licenses();
    const args = { orderBy: [{ field: 'ISSUED_ON', direction: 'DESC' }] };
    const before = (await t.hub.database.query<{ k: string }>('select license_id as k from license order by issued_on desc, license_id desc')).map((r) => r.k);
    const inserted: string[] = [];
    const removed: string[] = [];
    const { forward } = await walk(s, args, 10, async (page) => {
      if (page !== 2) return;
      // After page 2: a license dated before everything (it belongs at the end), one dated after everything (before the cursor: not seen), and one row of a later page gone.
      for (const [id, day] of [['ZZ-TEST-OLD', '1990-01-01'], ['ZZ-TEST-NEW', '2099-01-01']] as const) {
        await t.hub.database.exec(`insert into license (license_id, type_code, type_name, holder_name, holder_id_type, status, issued_on, source_updated_at, source_id, source_key, fetched_at, content_hash)
          values ('${id}', 'T', '测试证照', '测试', 'USCC', 'VALID', '${day}', now(), 'e-license', '${id}', now(), 'x')`);
        inserted.push(id);
      }
      removed.push(before[35]!);
      await t.hub.database.exec(`delete from license where license_id = '${before[35]}'`);
    });
    expect(forward).toEqual([...before.filter((k) => !removed.includes(k)), 'ZZ-TEST-OLD']);
    await t.hub.database.exec(`delete from license where license_id like 'ZZ-TEST-%'`);
    expect(inserted).toHaveLength(2);
  });

  it('answers first: 0 and last: 0 on every connection with no edges, the count, and whether rows lie beyond', async () => {
    for (const s of connections()) {
      const all = (await ask(s, { first: 100 })).data[s.connection!.root];
      for (const args of [{ first: 0 }, { last: 0 }]) {
        const page = (await ask(s, args)).data[s.connection!.root];
        expect(page, `${s.connection!.root} ${JSON.stringify(args)}`).toEqual({
          totalCount: all.totalCount, edges: [],
          pageInfo: { hasNextPage: 'first' in args && all.totalCount > 0, hasPreviousPage: 'last' in args && all.totalCount > 0, startCursor: null, endCursor: null },
        });
      }
    }
  });

  it('refuses a cursor from another ordering, a broken cursor and first with last', async () => {
    const s = licenses();
    const page = await ask(s, { orderBy: [{ field: 'ISSUED_ON' }], first: 2 });
    const cursor = page.data.licenses.pageInfo.endCursor;
    for (const [args, argument] of [
      [{ first: 2, after: cursor }, 'after'], [{ last: 2, before: cursor, orderBy: [{ field: 'VALID_TO' }] }, 'before'],
      [{ first: 2, after: 'bm90LWEtY3Vyc29y' }, 'after'], [{ first: 2, last: 2 }, 'last'], [{ first: 101 }, 'first'], [{ last: -1 }, 'last'],
      [{ orderBy: [{ field: 'ISSUED_ON' }, { field: 'ISSUED_ON' }] }, 'orderBy[1].field'],
    ] as const) {
      const body = await ask(s, args as Record<string, unknown>);
      expect(body.errors?.[0]?.extensions, JSON.stringify(args)).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });
});

describe('bad filters', () => {
  const enterprise = () => allSpecs().find((x) => x.typeName === 'Enterprise')!;
  const refused = async (filter: object) => {
    const before = t.hub.database.counter.statements;
    const res = await t.gql('query($f: EnterpriseFilter) { enterprises(filter: $f, first: 1) { totalCount } }', { f: filter });
    expect(t.hub.database.counter.statements - before, 'no SQL ran').toBe(0);
    return res.body.errors?.[0]?.extensions;
  };

  it('refuses filters too deep, too wide, or with too long an in-list, naming the limit and where', async () => {
    let deep: object = { name: { eq: 'x' } };
    for (let i = 0; i < FILTER_LIMITS.depth; i++) deep = { not: deep };
    expect(await refused(deep)).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'filterDepth', max: FILTER_LIMITS.depth });
    let linked: object = {};
    for (let i = 0; i < FILTER_LIMITS.depth; i++) linked = { licenses: { some: { holderEnterprise: linked } } };
    expect(await refused(linked)).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'filterDepth' });
    const wide = { or: Array.from({ length: FILTER_LIMITS.conditions + 1 }, (_v, i) => ({ name: { eq: `n${i}` } })) };
    expect(await refused(wide)).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'filterConditions', max: FILTER_LIMITS.conditions, argument: `filter.or[${FILTER_LIMITS.conditions}].name.eq` });
    expect(await refused({ uscc: { in: Array.from({ length: FILTER_LIMITS.inValues + 1 }, (_v, i) => `u${i}`) } })).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'inValues' });
  });

  it('refuses unknown fields, wrong values and bad codes as BAD_USER_INPUT', async () => {
    for (const [filter, argument] of [
      [{ nosuch: { eq: 'x' } }, undefined], [{ establishedOn: { gt: '2026-02-30' } }, undefined], [{ status: { eq: '存续' } }, undefined],
      [{ divisionCode: { within: '999999' } }, 'filter.divisionCode.within'], [{ name: { contains: '' } }, 'filter.name.contains'],
      [{ name: { eq: null } }, 'filter.name.eq'], [{ name: { contains: '𠮷'.repeat(101) } }, 'filter.name.contains'],
    ] as const) {
      expect(await refused(filter), JSON.stringify(filter)).toMatchObject({ code: 'BAD_USER_INPUT', ...(argument ? { argument } : {}) });
    }
    const literal = await t.gql('{ enterprises(filter: { nosuch: { eq: "x" } }) { totalCount } }');
    expect(literal.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(enterprise().fields.name).toBe('text');
  });
});
