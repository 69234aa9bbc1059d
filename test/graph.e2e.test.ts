/**
 * The vertical slice, end to end: simulator → real connectors → ingest → GraphQL over a
 * real HTTP server, on PGlite or (DATABASE_URL) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quarantine, syncRun } from '../schema/index.js';
import { startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;

beforeAll(async () => {
  t = await startTestHub({ enterprises: 150 });
  const runs = await t.hub.scheduler!.firstRound;
  expect(runs.map((r) => [r.sourceId, r.status, r.error])).toEqual(
    ['market-registry', 'land', 'realestate', 'e-license', 'credit', 'tax'].map((id) => [id, 'succeeded', undefined]),
  );
});
afterAll(async () => t?.stop());

describe('ingest', () => {
  it('ingests every source and changes nothing when the same sync runs again', async () => {
    for (const id of ['market-registry', 'land', 'realestate', 'e-license', 'credit', 'tax']) {
      const again = await t.hub.scheduler!.runNow(id);
      expect(again.status).toBe('succeeded');
      expect(again.counts.inserted + again.counts.updated).toBe(0);
    }
    const runs = await t.hub.database.db.select().from(syncRun);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
  });

  it('quarantines bad rows with reason and raw content while the rest of the batch lands', async () => {
    const rows = await t.hub.database.db.select().from(quarantine);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.reasonCode).toMatch(/^[A-Z_]+$/);
      expect(r.reason.length).toBeGreaterThan(5);
      expect(r.raw.length).toBeGreaterThan(10);
    }
    const bad = rows.find((r) => r.reasonCode === 'USCC_CHECKSUM')!;
    expect(bad.sourceId).toBe('market-registry');
    expect(bad.raw).toContain(bad.sourceKey);
    const { body } = await t.gql('{ enterprises(first: 1) { totalCount } }');
    expect(body.data.enterprises.totalCount).toBeGreaterThan(100);
  });

  it('merges a 注册号-only record into the USCC record that names both, and keeps the unmapped ones', async () => {
    const world = t.hub.simulator!.world;
    const both = [...world.enterprises()].find((e) => e.legacy === 'both')!;
    const { body } = await t.gql('query($r: String!) { enterpriseByRegistrationNumber(regNo: $r) { uscc regNo name } }', { r: both.regNo });
    expect(body.data.enterpriseByRegistrationNumber).toEqual({ uscc: both.uscc, regNo: both.regNo, name: both.name });
    const only = [...world.enterprises()].find((e) => e.legacy === 'legacy-only');
    if (only) {
      const r = await t.gql('query($r: String!) { enterpriseByRegistrationNumber(regNo: $r) { uscc regNo } }', { r: only.regNo });
      expect(r.body.data.enterpriseByRegistrationNumber).toEqual({ uscc: null, regNo: only.regNo });
    }
  });
});

describe('the graph over GraphQL', () => {
  it('links an enterprise to its parcels, their events, documents and projects, and back', async () => {
    const world = t.hub.simulator!.world;
    const e = [...world.enterprises()].find((x) => x.legacy === 'none' && world.parcels(x).some((p) => p.stages >= 4))!;
    const parcel = world.parcels(e).find((p) => p.stages >= 4)!;
    const { body } = await t.gql(
      `query($u: String!) { enterprise(uscc: $u) {
        id uscc name status divisionCode legalRepresentative { maskedId }
        tax { tin status ratings { year rating } } taxRating { rating }
        parcels { parcelCode events { stage documents { kind docNo } project { projectCode scheme } } enterprises { uscc } }
        projects { projectCode }
        provenance { sourceId sourceKey contentHash fetchedAt }
      } }`,
      { u: e.uscc },
    );
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const ent = body.data.enterprise;
    expect(ent.uscc).toBe(e.uscc);
    expect(ent.legalRepresentative.maskedId).toBe(`${e.legalRep.idNumber.slice(0, 6)}********${e.legalRep.idNumber.slice(14)}`);
    expect(ent.tax.tin).toBe(e.uscc);
    const p = ent.parcels.find((x: any) => x.parcelCode === parcel.parcelCode);
    expect(p.events.map((x: any) => x.stage)).toEqual(world.events(parcel).map((x) => x.stage));
    expect(p.enterprises.map((x: any) => x.uscc)).toContain(e.uscc);
    expect(p.events[3].documents).toEqual([{ kind: '出让合同', docNo: expect.any(String) }]);
    expect(ent.projects.map((x: any) => x.projectCode)).toContain(world.projectCode(parcel));
    // From the bulk file (keyed by USCC) or, when the change feed changed it since, from the feed (keyed by seq).
    expect(ent.provenance).toMatchObject({ sourceId: 'market-registry', sourceKey: expect.stringMatching(new RegExp(`^(${e.uscc}|seq:\\d+)$`)), contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const viaNode = await t.gql('query($id: ID!) { node(id: $id) { __typename id ... on Enterprise { uscc } } }', { id: ent.id });
    expect(viaNode.body.data.node).toEqual({ __typename: 'Enterprise', id: ent.id, uscc: e.uscc });
  });

  it('pages enterprises with keyset cursors and filters by division, status and name', async () => {
    const first = await t.gql('{ enterprises(first: 10, filter: { divisionCode: { within: "340100" } }) { totalCount edges { cursor node { uscc divisionCode } } pageInfo { hasNextPage endCursor } } }');
    const c = first.body.data.enterprises;
    expect(c.edges).toHaveLength(10);
    expect(c.edges.every((x: any) => x.node.divisionCode.startsWith('3401'))).toBe(true);
    const next = await t.gql('query($a: String) { enterprises(first: 10, after: $a, filter: { divisionCode: { within: "340100" } }) { edges { node { uscc } } } }', { a: c.pageInfo.endCursor });
    const seen = new Set(c.edges.map((x: any) => x.node.uscc));
    expect(next.body.data.enterprises.edges.some((x: any) => seen.has(x.node.uscc))).toBe(false);
    const named = await t.gql('{ enterprises(first: 5, filter: { name: { contains: "合肥" }, status: { eq: SUBSISTING } }) { edges { node { name status } } } }');
    for (const x of named.body.data.enterprises.edges) {
      expect(x.node.name).toContain('合肥');
      expect(x.node.status).toBe('存续');
    }
    const parcels = await t.gql('{ parcels(first: 5, filter: { divisionCode: { within: "341100" }, landUse: { eq: "0601" } }) { totalCount edges { node { parcelCode divisionCode landUse } } } }');
    for (const x of parcels.body.data.parcels.edges) {
      expect(x.node.divisionCode.startsWith('3411')).toBe(true);
      expect(x.node.landUse).toBe('0601');
    }
  });
});

describe('bad requests get stable codes and no internals', () => {
  const noLeak = (body: any) => {
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/select |insert |stacktrace|at .*\.ts:|node_modules/i);
  };

  it('malformed GraphQL → GRAPHQL_PARSE_FAILED', async () => {
    const r = await t.gql('{ enterprises(first: 1) { edges ');
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    noLeak(r.body);
  });

  it('unknown field → GRAPHQL_VALIDATION_FAILED', async () => {
    const r = await t.gql('{ enterprise(uscc: "91340100MA8NEH400Q") { password } }');
    expect(r.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('invalid code → INVALID_IDENTIFIER naming the failed check, not the value', async () => {
    const r = await t.gql('{ enterprise(uscc: "91340100MA8NEH400X") { name } }');
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'INVALID_IDENTIFIER', kind: 'uscc', reason: 'CHECKSUM' });
    expect(r.body.errors[0].message).not.toContain('91340100MA8NEH400X');
    const p = await t.gql('{ parcel(code: "999999001002GB00123") { parcelCode } }');
    expect(p.body.errors[0].extensions).toMatchObject({ code: 'INVALID_IDENTIFIER', kind: 'parcel-code', reason: 'DIVISION' });
  });

  it('unknown key → NOT_FOUND with a null result', async () => {
    const r = await t.gql('{ enterprise(uscc: "91340100MA8NEH400Q") { name } }');
    expect(r.body.data.enterprise).toBeNull();
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', type: 'Enterprise' });
    const n = await t.gql('{ node(id: "%%%") { id } }');
    expect(n.body.errors[0].extensions.code).toBe('INVALID_ID');
  });

  it('too large a page, a bad cursor or filter → BAD_USER_INPUT', async () => {
    for (const q of ['{ enterprises(first: 1000) { totalCount } }', '{ enterprises(after: "zzz") { totalCount } }', '{ enterprises(filter: { divisionCode: { within: "999999" } }) { totalCount } }']) {
      const r = await t.gql(q);
      expect(r.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      noLeak(r.body);
    }
  });

  it('a body that is not JSON or too large is refused, and the server stays up', async () => {
    const bad = await fetch(t.hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    const big = await fetch(t.hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer gg_admin-demo.AAKtD6AStKyOW6OHrOzcaWTmxl4FCYqI' }, body: JSON.stringify({ query: `{ __typename }`, variables: { x: 'x'.repeat(2 * 1024 * 1024) } }) });
    expect(big.status).toBe(413);
    const ok = await t.gql('{ __typename }');
    expect(ok.body.data).toEqual({ __typename: 'Query' });
  });
});

describe('GraphiQL', () => {
  it('is served from the hub itself, with no outside URL in the page or anything it loads', async () => {
    const page = await fetch(t.hub.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    // Every reference is local (the favicon is an inline `data:` URL, so the browser asks for none).
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((r) => r !== 'data:,');
    expect(refs.length).toBe(7);
    for (const ref of refs) {
      expect(ref.startsWith('/graphiql/')).toBe(true);
      const asset = await fetch(new URL(ref, t.hub.url));
      expect(asset.status).toBe(200);
      const text = await asset.text();
      // Scripts may mention spec URLs in comments or strings, but never load from a CDN.
      expect(text).not.toMatch(/https?:\/\/(unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|esm\.sh|fonts\.(googleapis|gstatic)\.com)/);
    }
    expect((await fetch(new URL('/graphiql/../package.json', t.hub.url))).status).toBe(404);
  });

  it('is where a browser opening the hub\'s address lands; anything else asking for / is not found', async () => {
    const root = new URL('/', t.hub.url);
    const browser = await fetch(root, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe(new URL(t.hub.url).pathname);
    expect((await fetch(root, { headers: { accept: 'application/json' } })).status).toBe(404);
  });
});
