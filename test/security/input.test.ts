/**
 * Battery cases on inputs and cross-request isolation (C04, C09, D01–D08): each
 * asserts the answer and its stable code, that nothing leaked (no SQL, no value echoed,
 * no other caller's data), and that the server still answers afterwards.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getNamedType, isInputObjectType, type GraphQLArgument, type GraphQLInputField } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../schema/index.js';
import { buildHubSchema } from '../../src/graphql/build-schema.js';
import { checkVariables } from '../../src/server/limits.js';
import WebSocket from 'ws';
import { expectAnswering, LEAK, startTestHub, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';

let t: TestHub;
let uscc: string;

beforeAll(async () => {
  t = await startTestHub({ enterprises: 60 });
  await t.hub.scheduler!.firstRound;
  uscc = (await t.gql('{ enterprises(first: 1) { edges { node { uscc } } } }')).body.data.enterprises.edges[0].node.uscc;
}, 120_000);
afterAll(async () => t?.stop());

const stillUp = () => expectAnswering(t);

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

  it('C09: a database error is masked with an errorId — no SQL, no parameters, no table names', async () => {
    // A real failure inside the database: the table a resolver reads is gone.
    await t.hub.database.query('alter table alert_rule rename to alert_rule_away');
    let res: Awaited<ReturnType<TestHub['gql']>>;
    try {
      res = await t.gql('query($k: [AlertKind!]) { alertRules { id kind } alerts(first: 1, filter: { kinds: $k }) { edges { cursor } } }', { k: ['TAX_ARREARS'] });
    } finally {
      await t.hub.database.query('alter table alert_rule_away rename to alert_rule');
    }
    const error = res!.body.errors.find((e: any) => e.path?.[0] === 'alertRules');
    expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.extensions.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toBe('Internal server error');
    expect(JSON.stringify(res.body)).not.toMatch(LEAK);
    expect(JSON.stringify(res.body)).not.toMatch(/alert_rule|TAX_ARREARS|relation/);
    await stillUp();
  });
});

describe('D: injection and input validation', () => {
  it('D01: SQL in a filter is a literal: no extra rows', async () => {
    const res = await t.gql(`{ enterprises(first: 100, filter: { name: { contains: "%' OR 1=1 --" } }) { totalCount } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.enterprises.totalCount).toBe(0);
  });

  it('D02: a value outside an enum is refused at coercion', async () => {
    const res = await t.gql('{ alerts(first: 1, order: NEWEST_FIRST_AND_DROP_TABLE) { edges { cursor } } }');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('D03: LIKE wildcards are escaped, and a long pattern is refused', async () => {
    const wild = await t.gql('{ enterprises(first: 100, filter: { name: { contains: "%%_%" } }) { totalCount } }');
    expect(wild.body.data.enterprises.totalCount).toBe(0);
    const long = await t.gql(`{ enterprises(first: 1, filter: { name: { contains: "${'%_'.repeat(500)}" } }) { totalCount } }`);
    expect(long.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.name.contains' });
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

  it('B05: variables nested past the limit, or not declared, are refused before anything walks them — over HTTP and WebSocket, and audited', async () => {
    // Sent as raw JSON text: the client side cannot even stringify 10,000 levels.
    const deep = `${'{"a":'.repeat(10_000)}"x"${'}'.repeat(10_000)}`;
    const q = JSON.stringify('query($u: String!) { enterprise(uscc: $u) { name } }');
    const cases = [
      ['an unused variable 10,000 deep', `{"u":"${uscc}","deep":${deep}}`, 'VARIABLES_TOO_DEEP'],
      ['33 levels, one past the limit', `{"u":"${uscc}","d":${'['.repeat(32)}1${']'.repeat(32)}}`, 'VARIABLES_TOO_DEEP'],
      ['a variable the operation does not declare', `{"u":"${uscc}","stray":"x"}`, 'UNDECLARED_VARIABLE'],
    ] as const;
    const audited = async () => (await t.hub.database.db.select({ seq: readAudit.seq }).from(readAudit)).length;
    for (const [what, variables, reason] of cases) {
      const before = await audited();
      const res = await fetch(t.hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: bearer(DEMO_KEYS.admin) }, body: `{"query":${q},"variables":${variables}}` });
      const body = (await res.json()) as any;
      expect(res.status, what).toBe(400);
      expect(body.errors[0].extensions, what).toMatchObject({ code: 'BAD_USER_INPUT', reason });
      expect(body.data ?? null).toBeNull();
      expect(await audited(), `${what}: audited`).toBe(before + 1);
      const answer = await new Promise<string>((resolve) => {
        const ws = new WebSocket(t.hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
        ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: bearer(DEMO_KEYS.admin) } })));
        ws.on('message', (d) => {
          const m = String(d);
          if (m.includes('connection_ack')) ws.send(`{"id":"1","type":"subscribe","payload":{"query":${q},"variables":${variables}}}`);
          else if (m.includes('"id":"1"')) {
            ws.close();
            resolve(m);
          }
        });
        ws.on('close', (code) => resolve(`closed ${code}`));
      });
      expect(answer, what).toContain(reason);
    }
    // The boundary: the variables map and 31 levels inside it (32) pass, one more does not.
    const nest = (n: number) => JSON.parse(`${'['.repeat(n)}1${']'.repeat(n)}`);
    const limits = { maxVariablesBytes: 65_536, maxVariablesDepth: 32 };
    expect(() => checkVariables({ d: nest(31) }, limits)).not.toThrow();
    expect(() => checkVariables({ d: nest(32) }, limits)).toThrow(/deeper than 32/);
    await stillUp();
  });
});

describe('D: what cannot be injected by construction', () => {
  const ROOT = new URL('../../', import.meta.url).pathname;
  const files = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [join(dir, d.name)] : []));
  const RAW = /sql\.raw\(|\.unsafe\(|sql\.identifier\(|\.query\(\s*`|\.exec\(\s*`/;

  it('D04: no raw SQL on the request path; elsewhere only the upsert builders, over schema column names', () => {
    const onRequestPath = ['src/graphql', 'src/server', 'src/policy', 'src/auth', 'src/audit', 'src/alerts'].flatMap(files);
    expect(onRequestPath.length).toBeGreaterThan(40);
    // None: SQL text reaches drizzle only through db/sql-parts' builder, whose text parts come from declarations (column
    // and table names, fixed operators, the views' configuration) and whose every request value is a parameter.
    expect(onRequestPath.filter((f) => RAW.test(readFileSync(join(ROOT, f), 'utf8'))).map((f) => relative('.', f))).toEqual([]);
    expect(RAW.test(readFileSync(join(ROOT, 'src/db/sql-parts.ts'), 'utf8'))).toBe(true);
    // The only raw fragments: ingest's upsert statements, assembled from drizzle column names (never from values).
    const everywhere = ['src', 'connectors', 'schema'].flatMap(files).filter((f) => /sql\.raw\(/.test(readFileSync(join(ROOT, f), 'utf8')) && !f.endsWith('sql-parts.ts'));
    expect(everywhere.map((f) => relative('.', f)).sort()).toEqual(['src/ingest/upsert.ts', 'src/ingest/writers/tax.writer.ts']);
    // In those two files `sql.raw` takes column and table names from the drizzle schema; every value goes as a parameter.
  });

  it('D08: no argument or input field takes a URL or host, so no request can make the hub fetch one', async () => {
    const schema = await buildHubSchema();
    const named: string[] = [];
    const look = (owner: string, x: GraphQLArgument | GraphQLInputField) => {
      if (/url|uri|href|host|endpoint|callback|webhook|link(?!ed)/i.test(x.name)) named.push(`${owner}.${x.name}`);
      const type = getNamedType(x.type);
      if (/url|uri/i.test(type.name)) named.push(`${owner}.${x.name}: ${type.name}`);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isInputObjectType(type)) for (const f of Object.values(type.getFields())) look(type.name, f);
      else if ('getFields' in type) {
        for (const [name, f] of Object.entries((type as { getFields(): Record<string, { args: readonly GraphQLArgument[] }> }).getFields())) for (const a of f.args) look(`${type.name}.${name}`, a);
      }
    }
    expect(named).toEqual([]);
    // Sources are reached only at addresses in the operator's configuration file, never from a request.
    expect(readFileSync(join(ROOT, 'src/server/http.ts'), 'utf8')).not.toMatch(/fetch\(|request\(/);
  });
});
