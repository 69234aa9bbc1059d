/**
 * 免申即享 end to end: the demo's example policies match exactly the enterprises their
 * criteria select (written here by hand in SQL), and each was announced once while the
 * sources arrived; a policy created by mutation announces its matches at once; a changed
 * parameter is a new version whose matches are announced again and named by version; a
 * change that makes a firm newly eligible (a license pushed through the webhook) raises
 * POLICY_ELIGIBLE once; criteria are refused on what the author may not read; a firm's
 * eligible policies are the policies whose matches hold it, as the reader may evaluate them.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alert } from '../../schema/index.js';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../../src/config.js';
import { elicenseItems } from '../../src/simulator/elicense.outlet.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';
import { pushLicense } from '../support/push.js';

const demo = loadConfigFile(DEMO_CONFIG_PATH);
let t: TestHub;

beforeAll(async () => {
  t = await startTestHub({ config: { ...demo, demo: { enterprises: 150, seed: 20261124, examplePolicies: true } } });
  for (const r of await t.hub.scheduler!.firstRound) expect(r.status, `${r.sourceId}: ${r.error}`).toBe('succeeded');
  // Nothing syncs in the background from here (the webhook still takes pushes): statement counts are the requests' own.
  await t.hub.scheduler!.stop();
}, 240_000);
afterAll(async () => t?.stop());

const sql = <T = Record<string, unknown>>(text: string) => t.hub.database.query<T>(text);
const usccs = async (text: string) => (await sql<{ uscc: string }>(text)).map((r) => r.uscc).sort();

async function matches(policyId: number, key: string = DEMO_KEYS.admin): Promise<{ usccs: string[]; version: number; errors?: any[] }> {
  const out: string[] = [];
  let after: string | null = null;
  for (;;) {
    const res: { body: any } = await t.gql('query($p: Int!, $after: String) { policyMatches(policyId: $p, first: 100, after: $after) { version totalCount pageInfo { hasNextPage endCursor } edges { node { uscc } } } }',
      { p: policyId, after }, { authorization: bearer(key) });
    if (res.body.errors) return { usccs: [], version: 0, errors: res.body.errors };
    const c = res.body.data.policyMatches;
    out.push(...c.edges.map((e: any) => e.node.uscc));
    if (!c.pageInfo.hasNextPage) {
      expect(c.totalCount).toBe(out.length);
      return { usccs: out.sort(), version: c.version };
    }
    after = c.pageInfo.endCursor;
  }
}

const announced = async (policyId: number, version: number) =>
  (await t.hub.database.db.select().from(alert).where(eq(alert.kind, 'POLICY_ELIGIBLE'))).filter((a) => a.dedupeKey.startsWith(`${policyId}:${version}:`)).map((a) => a.subjectKey).sort();

const OPERATING = `status in ('存续', '在业') and uscc is not null`;

describe('the example policies', () => {
  it('match exactly what their criteria select, and each match was announced once as the sources arrived', async () => {
    const before = t.hub.database.counter.statements;
    const list = (await t.gql('{ supportPolicies { id title issuer version active criteria params versions { version } } }')).body.data.supportPolicies;
    expect(list).toHaveLength(3);
    // The policies with their current criterion in one statement, all their versions in one more.
    expect(t.hub.database.counter.statements - before).toBeLessThanOrEqual(2);
    expect(list.map((p: any) => p.versions)).toEqual([[{ version: 1 }], [{ version: 1 }], [{ version: 1 }]]);
    const want = [
      await usccs(`select uscc from enterprise e where ${OPERATING} and registered_capital <= 2000 and exists (select 1 from loan l where l.borrower_uscc = e.uscc and l.first_loan and not l.withdrawn)`),
      await usccs(`select uscc from enterprise e where ${OPERATING} and industry_code like 'C%' and (select r.rating from tax_rating r where r.tin = e.uscc order by r.year desc limit 1) = 'A'`),
      await usccs(`select uscc from enterprise e where ${OPERATING} and established_on >= '2025-01-01'`),
    ];
    for (const [i, p] of list.entries()) {
      expect(p).toMatchObject({ version: 1, active: true });
      const m = await matches(p.id);
      expect(m.usccs, p.title).toEqual(want[i]);
      expect(m.usccs.length, p.title).toBeGreaterThan(0);
      expect(await announced(p.id, 1)).toEqual(want[i]);
    }
  });
});

describe('policies managed by mutation', () => {
  let id = 0;
  const CREATE = 'mutation($i: SupportPolicyInput!) { createSupportPolicy(input: $i) { announced policy { id version criteria params } } }';

  it('a new policy announces its matches at once; a changed parameter is a new version, announced again and named by version', async () => {
    const input = { title: '测试政策', issuer: '金融工作办公室', criteria: { registeredCapital: { lte: '$cap' }, status: { eq: 'SUBSISTING' } }, params: { cap: 500 } };
    const res = await t.gql(CREATE, { i: input }, { authorization: bearer(DEMO_KEYS.finance) });
    expect(res.body.errors).toBeUndefined();
    id = res.body.data.createSupportPolicy.policy.id;
    const v1 = await usccs(`select uscc from enterprise where status = '存续' and uscc is not null and registered_capital <= 500`);
    expect(res.body.data.createSupportPolicy.announced).toBe(v1.length);
    expect(await announced(id, 1)).toEqual(v1);
    expect((await matches(id)).usccs).toEqual(v1);

    const patch = 'mutation($id: Int!, $p: SupportPolicyPatch!) { updateSupportPolicy(id: $id, patch: $p) { announced policy { version params versions { version params } } } }';
    const renamed = await t.gql(patch, { id, p: { title: '测试政策（修订）' } }, { authorization: bearer(DEMO_KEYS.finance) });
    expect(renamed.body.data.updateSupportPolicy).toMatchObject({ announced: 0, policy: { version: 1 } });
    const v2res = await t.gql(patch, { id, p: { params: { cap: 1500 } } }, { authorization: bearer(DEMO_KEYS.finance) });
    const v2 = await usccs(`select uscc from enterprise where status = '存续' and uscc is not null and registered_capital <= 1500`);
    expect(v2res.body.data.updateSupportPolicy).toMatchObject({ announced: v2.length, policy: { version: 2, params: { cap: 1500 }, versions: [{ version: 1, params: { cap: 500 } }, { version: 2, params: { cap: 1500 } }] } });
    expect(await announced(id, 2)).toEqual(v2);
    expect(await matches(id)).toEqual({ usccs: v2, version: 2 });
  });

  it('a change that makes a firm newly eligible raises POLICY_ELIGIBLE once, through ingest', async () => {
    const res = await t.gql(CREATE, { i: { title: '排污许可企业环保补助', issuer: '生态环境局', criteria: { licenses: { some: { typeName: { eq: '排污许可证' }, status: { eq: 'VALID' } } } } } });
    const pid = res.body.data.createSupportPolicy.policy.id;
    const before = await announced(pid, 1);
    const world = t.hub.simulator!.world;
    const items = elicenseItems(world).map((l, i) => ({ l, i })).filter(({ l }) => (l as any).holderIdType === 'USCC' && !before.includes((l as any).holderId) && (l as any).status === 'VALID');
    const { l } = items[0]!;
    const pushed = { ...(l as any), typeName: '排污许可证', updatedAt: new Date(Date.now() + 60_000).toISOString() };
    await pushLicense(t.hub.url, pushed);
    expect(await announced(pid, 1)).toEqual([...before, pushed.holderId].sort());
    const [a] = await t.hub.database.db.select().from(alert).where(and(eq(alert.kind, 'POLICY_ELIGIBLE'), eq(alert.dedupeKey, `${pid}:1:${pushed.holderId}`)));
    expect(a).toMatchObject({ sourceId: 'e-license', enterpriseUscc: pushed.holderId, detail: { policyId: pid, version: 1 } });
    // Pushed again (a newer copy): nothing new.
    await pushLicense(t.hub.url, { ...pushed, updatedAt: new Date(Date.now() + 120_000).toISOString() });
    expect(await announced(pid, 1)).toEqual([...before, pushed.holderId].sort());
  });

  it('refuses what the author may not do or write, with a stable code and nothing stored', async () => {
    const count = async () => (await t.gql('{ supportPolicies(includeWithdrawn: true) { id } }')).body.data.supportPolicies.length;
    const n = await count();
    const input = (criteria: unknown, params: unknown = {}) => ({ i: { title: 'x', issuer: 'y', criteria, params } });
    const market = await t.gql(CREATE, input({}), { authorization: bearer(DEMO_KEYS.market) });
    expect(market.body.errors[0].extensions.code).toBe('FORBIDDEN');
    // The finance office sees legal representatives' names masked: filtering on them would reveal them.
    const masked = await t.gql(CREATE, input({ legalRepName: { eq: '王伟' } }), { authorization: bearer(DEMO_KEYS.finance) });
    expect(masked.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'FIELD_DENIED' });
    for (const [criteria, params] of [[{ nosuchField: { eq: 1 } }, {}], [{ registeredCapital: { lte: '$missing' } }, {}], [{ registeredCapital: { lte: 'many' } }, {}], [{}, { 'bad name': 1 }]] as const) {
      const bad = await t.gql(CREATE, input(criteria, params), { authorization: bearer(DEMO_KEYS.finance) });
      expect(bad.body.errors[0].extensions, JSON.stringify(criteria)).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    const missing = await t.gql('mutation { withdrawSupportPolicy(id: 99999) { id } }');
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(await count()).toBe(n);
  });
});

describe('a firm’s eligible policies', () => {
  it('are the active policies whose matches hold it, as the reader may evaluate them', async () => {
    const policies = (await t.gql('{ supportPolicies { id active } }')).body.data.supportPolicies.filter((p: any) => p.active);
    const byPolicy = new Map<number, string[]>();
    for (const p of policies) byPolicy.set(p.id, (await matches(p.id)).usccs);
    const page = (await t.gql('{ enterprises(first: 100, filter: { uscc: { isNull: false } }) { edges { node { uscc eligiblePolicies { policy { id } version } } } } }')).body;
    expect(page.errors).toBeUndefined();
    let some = 0;
    for (const { node } of page.data.enterprises.edges) {
      const want = policies.filter((p: any) => byPolicy.get(p.id)!.includes(node.uscc)).map((p: any) => p.id).sort();
      expect(node.eligiblePolicies.map((e: any) => e.policy.id).sort(), node.uscc).toEqual(want);
      if (want.length) some++;
    }
    expect(some).toBeGreaterThan(0);
    // The market bureau may not read tax ratings: the A-rating policy is neither listed for it nor evaluated.
    const rated = (await t.gql('{ supportPolicies { id title } }')).body.data.supportPolicies.find((p: any) => p.title.includes('纳税信用A级')).id;
    expect((await matches(rated, DEMO_KEYS.market)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const marketPage = (await t.gql('{ enterprises(first: 100) { edges { node { eligiblePolicies { policy { id } } } } } }', {}, { authorization: bearer(DEMO_KEYS.market) })).body;
    expect(marketPage.errors).toBeUndefined();
    expect(marketPage.data.enterprises.edges.flatMap((e: any) => e.node.eligiblePolicies.map((x: any) => x.policy.id))).not.toContain(rated);
  });
});
