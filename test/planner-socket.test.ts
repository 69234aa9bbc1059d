/**
 * Queries sent over the WebSocket are answered by the read planner exactly as by the
 * resolvers, as over HTTP. For every root field the planner declares (`@Lookup`,
 * `@Listing`): a real key or a first page, a selection of every field its declarations
 * reach two levels deep, for every demo department — the district office included — with
 * and without a purpose, with only what that department may read — and, for the province
 * and a district office, with everything (its refusals): the planner on and off send the
 * same message and write audit rows with the same entities; where the planner answers,
 * with one statement (as the hub reports every operation it audits, on its `operations`
 * channel).
 */
import 'reflect-metadata';
import { getNamedType, type ExecutionResult, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { getTableName } from 'drizzle-orm';
import type { Client } from 'graphql-ws';
import { afterAll, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { columnOf, listingOf, lookupOf, tableOf } from '../src/graphql/planner/declare.js';
import { operations, type OperationReport } from '../src/platform/channels.js';
import { Policy } from '../src/policy/policy.js';
import { demoGate, readableBy, refusals, selectionOf, withQuietDemoHub } from './support/planner-cases.js';
import { withoutRequestIds, type TestHub } from './support/hub.js';
import { bearer, DEMO_KEYS } from './support/keys.js';
import { wsClient } from './support/ws.js';

const demo = loadConfigFile(DEMO_CONFIG_PATH);
const policy = new Policy(demo.policy!);
let t: TestHub;
let schema: GraphQLSchema;
withQuietDemoHub((hub) => ({ t, schema } = hub));

/** The statements of each query the hub audits over the socket (platform/channels), in order. */
const reports: OperationReport[] = [];
const onOperation = (m: unknown) => {
  const r = m as OperationReport;
  if (r.transport === 'ws' && r.operationType === 'query') reports.push(r);
};
operations.subscribe(onOperation);
afterAll(() => operations.unsubscribe(onOperation));

interface Answer { text: string; statements: number; entities: string[] }

/** One query over `client`'s socket: its one message, the statements its audited execution ran, and its audit row's entities. */
async function ask(client: Client, query: string, variables: Record<string, unknown>, planned: boolean): Promise<Answer> {
  t.hub.planner.enabled = planned;
  reports.length = 0;
  const results: unknown[] = [];
  await new Promise<void>((resolve) => {
    // A refused operation (a department held to its registered operations) is an `error` message, the same either way.
    client.subscribe({ query, variables }, { next: (r: ExecutionResult) => void results.push(r), error: (e) => (results.push({ refused: e }), resolve()), complete: resolve });
  });
  expect(results.length).toBe(1);
  if ('refused' in (results[0] as object)) return { text: JSON.stringify(withoutRequestIds(results[0])), statements: 0, entities: [] };
  expect(reports.length).toBe(1);
  const [row] = await t.hub.database.query<{ entities: string[] }>(`select entities from read_audit where transport = 'ws' order by seq desc limit 1`);
  return { text: JSON.stringify(withoutRequestIds(results[0])), statements: reports[0]!.statements, entities: [...row!.entities].sort() };
}

it('answers every planned route over the socket exactly as the resolvers, for every department, in one statement', async () => {
  const roots = Object.values(schema.getQueryType()!.getFields()).filter((f) => lookupOf(f) || listingOf(f));
  expect(roots.length).toBeGreaterThan(15);
  const cases: { root: string; type: GraphQLObjectType; query: (select: string) => string; variables: Record<string, unknown> }[] = [];
  for (const root of roots) {
    const lookup = lookupOf(root);
    const type = getNamedType(root.type) as GraphQLObjectType;
    if (lookup) {
      const table = tableOf(type)!.table;
      const by = Object.entries(lookup.by);
      const columns = by.map(([col], i) => `${columnOf(table, col)!.name} as a${i}`).join(', ');
      const first = columnOf(table, by[0]![0])!.name;
      const [key] = await t.hub.database.query<Record<string, string>>(`select ${columns} from ${getTableName(table)} where ${first} is not null order by md5(${first}::text) limit 1`);
      expect(key, root.name).toBeDefined();
      const query = (select: string) => `query(${by.map((_b, i) => `$a${i}: String!`).join(', ')}) { ${root.name}(${by.map(([, arg], i) => `${arg}: $a${i}`).join(', ')}) { ${select} } }`;
      cases.push({ root: root.name, type, query, variables: key! });
    } else {
      const node = getNamedType((getNamedType(type.getFields().edges!.type) as GraphQLObjectType).getFields().node!.type) as GraphQLObjectType;
      const query = (select: string) => `query($n: Int) { ${root.name}(first: $n) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${select} } } } }`;
      cases.push({ root: root.name, type: node, query, variables: { n: 5 } });
    }
  }
  let compared = 0;
  let fewer = 0;
  const plannedRoutes = new Set<string>();
  for (const [name, key] of Object.entries(DEMO_KEYS)) {
    const gate = demoGate(demo, policy, key);
    for (const purpose of [null, 'planner socket test']) {
      const client = wsClient(t.hub.url, { connectionParams: { authorization: bearer(key), ...(purpose ? { purpose } : {}) } });
      try {
        for (const c of cases) {
          // Every field too (the same refusals both ways) for the province and a district office; HTTP's planner test covers the rest.
          for (const readable of name === 'admin' || name === 'marketShushan' ? [true, false] : [true]) {
            const select = selectionOf(c.type, 2, (ty, f) => !readable || readableBy(schema, policy, gate, purpose !== null, ty, f));
            const label = `${c.root} as ${name}${purpose ? ' with a purpose' : ''}${readable ? ', readable fields' : ''}`;
            const planned = await ask(client, c.query(select), c.variables, true);
            const resolved = await ask(client, c.query(select), c.variables, false);
            if (planned.text.startsWith('{"refused"')) {
              expect(planned.text, label).toBe(resolved.text);
            } else if (planned.text.includes('"errors"')) {
              // Which sibling resolvers of a refused field finish first varies; the data and the refusals do not.
              expect(refusals(planned.text), label).toEqual(refusals(resolved.text));
            } else {
              expect(planned.text, label).toBe(resolved.text);
              expect(planned.entities, label).toEqual(resolved.entities);
              expect(planned.statements, `${label}: one statement`).toBe(1);
              if (resolved.statements > 1) fewer++;
              plannedRoutes.add(c.root);
            }
            compared++;
          }
        }
      } finally {
        await client.dispose();
      }
    }
  }
  console.info(`planner over the socket: ${compared} answers compared, ${plannedRoutes.size} routes planned, ${fewer} answers in fewer statements than the resolvers`);
  expect(fewer).toBeGreaterThan(50);
  // Not vacuous: every route was answered by the planner, with data, for some department.
  expect([...plannedRoutes].sort()).toEqual(roots.map((f) => f.name).sort());
}, 600_000);
