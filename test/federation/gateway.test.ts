/**
 * govgraph behind a real gateway (`@apollo/gateway`, serving a supergraph composed by
 * `@apollo/composition` from govgraph's `_service` SDL and the courts' subgraph, both over
 * HTTP): a query that crosses both subgraphs by USCC each way, with the department's bearer
 * token and purpose forwarded to govgraph, whose policy, ownership scope and read audit
 * hold through the gateway exactly as they do directly.
 */
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../src/graphql/federation/supergraph.js';
import { startSettledHub, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';
import { startCourts, type CourtCase, type Courts } from './courts-subgraph.js';

interface Forwarded {
  readonly authorization?: string;
  readonly purpose?: string;
}

let t: TestHub;
let courts: Courts;
let gateway: { url: string; server: ApolloServer<Forwarded> };
let inside: { uscc: string; name: string };
let outside: { uscc: string; name: string };
let cases: CourtCase[];

beforeAll(async () => {
  t = await startSettledHub();
  const one = async (sql: string) => (await t.hub.database.query<{ uscc: string; name: string }>(sql))[0]!;
  inside = await one(`select uscc, name from enterprise where division_code = '340104' and uscc is not null order by uscc limit 1`);
  outside = await one(`select uscc, name from enterprise where division_code <> '340104' and uscc is not null order by uscc limit 1`);
  cases = [
    { caseNo: '(2026)皖0104民初101号', cause: '买卖合同纠纷', filedOn: '2026-03-02', defaulter: false, uscc: inside.uscc },
    { caseNo: '(2026)皖0102执202号', cause: '金融借款合同纠纷', filedOn: '2026-05-11', defaulter: true, uscc: outside.uscc },
    { caseNo: '(2026)皖0103民初303号', cause: '劳动争议', filedOn: '2026-06-20', defaulter: false, uscc: '91340100MA2NOTHERE' },
  ];
  courts = await startCourts(cases);
  // govgraph's SDL as a gateway gets it: `_service { sdl }` over HTTP, with a key granted `_service`.
  const sdl = (await t.gql('{ _service { sdl } }')).body.data._service.sdl as string;
  const supergraphSdl = await composeSupergraph(
    { output: '-', govgraph: { name: 'govgraph', routingUrl: t.hub.url }, subgraphs: [{ name: 'courts', routingUrl: courts.url, introspect: { url: courts.url, headers: {} } }] },
    '.', sdl,
  );
  const server = new ApolloServer<Forwarded>({
    gateway: new ApolloGateway({
      supergraphSdl,
      // What a gateway must forward for govgraph's policy and audit: the caller's bearer token and purpose.
      buildService: ({ url }) => new RemoteGraphQLDataSource<Forwarded>({
        url,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          if (context.purpose) request.http?.headers.set('x-purpose', context.purpose);
        },
      }),
    }),
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ authorization: req.headers.authorization, purpose: req.headers['x-purpose'] as string | undefined }),
  });
  gateway = { url, server };
}, 180_000);
afterAll(async () => {
  await gateway?.server.stop();
  await courts?.stop();
  await t?.stop();
});

const headers = (key: string, purpose = true) => ({ 'content-type': 'application/json', authorization: bearer(key), ...(purpose ? { 'x-purpose': 'federation test' } : {}) });
async function viaGateway(query: string, key: string, purpose = true): Promise<any> {
  const res = await fetch(gateway.url, { method: 'POST', headers: headers(key, purpose), body: JSON.stringify({ query }) });
  return res.json();
}
const direct = async (query: string, key: string, purpose = true) => (await t.gql(query, {}, headers(key, purpose))).body;

describe('a query across govgraph and the courts, through the gateway', () => {
  it('from govgraph to the courts: an enterprise and the cases held against it', async () => {
    const got = await viaGateway(`{ enterprise(uscc: "${outside.uscc}") { uscc name status courtCases { caseNo defaulter } } }`, DEMO_KEYS.market);
    expect(got.errors).toBeUndefined();
    const own = await direct(`{ enterprise(uscc: "${outside.uscc}") { uscc name status } }`, DEMO_KEYS.market);
    expect(got.data.enterprise).toEqual({ ...own.data.enterprise, courtCases: [{ caseNo: cases[1]!.caseNo, defaulter: true }] });
  });

  it('from the courts to govgraph: each case’s enterprise, resolved by govgraph’s _entities', async () => {
    const got = await viaGateway('{ courtCases { caseNo enterprise { uscc name } } }', DEMO_KEYS.market);
    expect(got.errors).toBeUndefined();
    expect(got.data.courtCases.map((c: any) => c.enterprise)).toEqual([{ uscc: inside.uscc, name: inside.name }, { uscc: outside.uscc, name: outside.name }, null]);
  });
});

describe('govgraph’s policy and audit hold through the gateway', () => {
  it('a field refused directly is refused through the gateway, with the same code and reason, and no value', async () => {
    for (const [selection, purpose] of [['legalRepName', false], ['tax { tin }', true]] as const) {
      const own = await direct(`{ enterprise(uscc: "${outside.uscc}") { ${selection} } }`, DEMO_KEYS.market, purpose);
      const got = await viaGateway(`{ courtCase(caseNo: "${cases[1]!.caseNo}") { caseNo enterprise { ${selection} } } }`, DEMO_KEYS.market, purpose);
      expect(own.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(got.errors.map((e: any) => ({ code: e.extensions.code, reason: e.extensions.reason }))).toContainEqual({ code: 'FORBIDDEN', reason: own.errors[0].extensions.reason });
      expect(JSON.stringify(got.data)).not.toMatch(/"tin":"|"legalRepName":"/);
    }
  });

  it('a masked field is masked through the gateway as it is directly', async () => {
    const own = await direct(`{ enterprise(uscc: "${outside.uscc}") { legalRepName } }`, DEMO_KEYS.market);
    const got = await viaGateway(`{ courtCase(caseNo: "${cases[1]!.caseNo}") { enterprise { legalRepName } } }`, DEMO_KEYS.market);
    expect(own.data.enterprise.legalRepName).toMatch(/\*/);
    expect(got.data.courtCase.enterprise.legalRepName).toBe(own.data.enterprise.legalRepName);
  });

  it('the district office sees through the gateway only the enterprises its division owns', async () => {
    const got = await viaGateway('{ courtCases { caseNo enterprise { uscc name divisionCode } } }', DEMO_KEYS.marketShushan);
    expect(got.errors).toBeUndefined();
    // Another division's enterprise comes back from govgraph as one that does not exist does: null (the gateway nulls the link, `name` being non-null).
    expect(got.data.courtCases.map((c: any) => c.enterprise)).toEqual([{ uscc: inside.uscc, name: inside.name, divisionCode: '340104' }, null, null]);
    expect(JSON.stringify(got)).not.toContain(outside.name);
    const root = await viaGateway(`{ enterprise(uscc: "${outside.uscc}") { uscc courtCases { caseNo } } }`, DEMO_KEYS.marketShushan);
    expect(root.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(JSON.stringify(root.data)).not.toContain(cases[1]!.caseNo);
  });

  it('an operation the department is not granted is refused through the gateway', async () => {
    const got = await viaGateway(`{ taxpayer(tin: "x") { tin } }`, DEMO_KEYS.market);
    expect(got.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OPERATION_DENIED' });
  });

  it('without a token the gateway gets nothing of govgraph', async () => {
    const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ courtCases { enterprise { name } } }' }) });
    const got: any = await res.json();
    expect(JSON.stringify(got.data ?? null)).not.toContain(inside.name);
    expect(got.errors.some((e: any) => e.extensions.code === 'UNAUTHENTICATED')).toBe(true);
  });

  it('the read audit names the department and the enterprises, not the gateway', async () => {
    const before = Number((await t.hub.database.query<{ s: string }>('select coalesce(max(seq), 0) as s from read_audit'))[0]!.s);
    await viaGateway('{ courtCases { caseNo enterprise { uscc name } } }', DEMO_KEYS.finance);
    const rows = await t.hub.database.query<{ department: string; principal_id: string; entities: string[] }>('select department, principal_id, entities from read_audit where seq > $1', [before]);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.department).toBe('finance');
    expect(rows.flatMap((r) => r.entities)).toEqual(expect.arrayContaining([`Enterprise:${inside.uscc}`, `Enterprise:${outside.uscc}`]));
  });
});
