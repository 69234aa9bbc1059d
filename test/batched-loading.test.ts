/**
 * The N+1 guard: a list of enterprises with licenses, credit records, tax rating and
 * parcels → units → registrations → holders is one SQL statement (the read planner), the
 * same for 10 enterprises as for 100; with the planner off, the resolvers' loaders still
 * cost a number of statements bounded by the nesting depth, not by the number of rows.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;

beforeAll(async () => {
  // The guard counts statements of a deliberately deep query: the cost limit is not what it tests.
  const demo = loadConfigFile(DEMO_CONFIG_PATH);
  t = await startTestHub({ config: { ...demo, demo: { enterprises: 300, seed: 20261124 }, limits: { ...demo.limits, maxCost: 10_000_000 } } });
  // All six real connectors against the simulator: registrations, licenses, credit and loans included.
  const runs = await t.hub.scheduler!.firstRound;
  for (const r of runs) expect(r.status, `${r.sourceId}: ${r.error}`).toBe('succeeded');
  // Statements are counted per hub: no later ingest round or scheduled rule may run alongside the requests.
  await t.hub.scheduler!.stop();
  await t.hub.alertSchedule?.stop();
});
afterAll(async () => t?.stop());

const QUERY = `query($n: Int!) { enterprises(first: $n) { edges { node {
  uscc name
  licenses { licenseId typeName validTo }
  creditRecords(includeWithdrawn: true) { kind docNo }
  taxRating { year rating }
  parcels { parcelCode units { unitCode registrations { ywh kind mortgage { mortgageeName securedAmount } holders { name shareMode sharePct } } } }
} } } }`;

async function statementsFor(n: number) {
  const before = t.hub.database.counter.statements;
  const { body } = await t.gql(QUERY, { n });
  expect(body.errors).toBeUndefined();
  return { statements: t.hub.database.counter.statements - before, nodes: body.data.enterprises.edges.map((e: any) => e.node) };
}

it('is one statement with the planner, and bounded by nesting depth without it', async () => {
  const small = await statementsFor(10);
  const large = await statementsFor(100);
  expect(small.statements).toBe(1);
  expect(large.statements).toBe(1);
  t.hub.planner.enabled = false;
  const small2 = await statementsFor(10);
  const large2 = await statementsFor(100);
  t.hub.planner.enabled = true;
  expect(large2.nodes).toEqual(large.nodes);
  expect(large2.statements).toBeLessThanOrEqual(8);
  expect(large2.statements).toBe(small2.statements);
  expect(large.nodes).toHaveLength(100);
  // The data is really there, so the bound is not vacuous.
  const all = large.nodes;
  expect(all.filter((e: any) => e.licenses.length > 0).length).toBeGreaterThan(90);
  expect(all.filter((e: any) => e.taxRating).length).toBeGreaterThan(50);
  const regs = all.flatMap((e: any) => e.parcels.flatMap((p: any) => p.units.flatMap((u: any) => u.registrations)));
  expect(regs.length).toBeGreaterThan(20);
  expect(regs.flatMap((r: any) => r.holders).length).toBeGreaterThanOrEqual(regs.length);
  // page + licenses + credit + rating + parcels + units + registrations + holders = 8 levels.
  console.info(`statements: first:10 → ${small.statements}, first:100 → ${large.statements}; planner off: ${small2.statements}, ${large2.statements}`);
});

it('resolves credit records and loans by their keys and through node(id)', async () => {
  const world = t.hub.simulator!.world;
  const e = [...world.enterprises()].find((x) => x.legacy !== 'legacy-only' && world.credit(x).length > 0 && world.loans(x).length > 0)!;
  const c = world.credit(e)[0]!;
  const l = world.loans(e)[0]!;
  const { body } = await t.gql(
    `query($k: String!, $d: String!, $lc: String!, $cn: String!) {
      creditRecord(kind: $k, docNo: $d) { id kind docNo enterprise { uscc } }
      loan(lenderCode: $lc, contractNo: $cn) { id contractNo amount borrower { uscc } }
    }`,
    { k: c.kind, d: c.docNo, lc: l.lenderCode, cn: l.contractNo },
  );
  expect(body.errors).toBeUndefined();
  expect(body.data.creditRecord).toMatchObject({ kind: c.kind, docNo: c.docNo, enterprise: { uscc: e.uscc } });
  expect(body.data.loan).toMatchObject({ contractNo: l.contractNo, amount: l.amount, borrower: { uscc: e.uscc } });
  for (const [id, type] of [[body.data.creditRecord.id, 'CreditRecord'], [body.data.loan.id, 'Loan']]) {
    const n = await t.gql('query($id: ID!) { node(id: $id) { __typename id } }', { id });
    expect(n.body.data.node).toEqual({ __typename: type, id });
  }
  const missing = await t.gql('{ loan(lenderCode: "x", contractNo: "y") { id } }');
  expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
});
