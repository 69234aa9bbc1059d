/**
 * A masked field answers the same through the read planner as through the resolvers,
 * whatever its type. A department whose policy masks every data class asks every planned
 * route for every plannable field (links two levels deep): text is masked; a number,
 * boolean, date or code is withheld — null, or where the schema does not allow null,
 * refused with FIELD_DENIED (never an internal error). Same status, body and refusals.
 */
import { getNamedType, isEnumType, isLeafType, isNonNullType, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { buildHubSchema } from '../src/graphql/build-schema.js';
import { classOf } from '../src/graphql/data-class.js';
import { listingOf, lookupOf, tableOf, columnOf } from '../src/graphql/planner/declare.js';
import { DATA_CLASS_NAMES } from '../src/policy/classes.js';
import { MASKABLE_SCALARS } from '../src/policy/masks.js';
import { getTableName } from 'drizzle-orm';
import { startSettledHub, type TestHub } from './support/hub.js';
import { bearer, DEMO_KEYS } from './support/keys.js';
import { refusals, selectionOf } from './support/planner-cases.js';

const demo = loadConfigFile(DEMO_CONFIG_PATH);
// The admin's department, every class masked (STRUCTURE is never configured).
const masked = Object.fromEntries(DATA_CLASS_NAMES.filter((c) => c !== 'STRUCTURE').map((c) => [c, 'mask' as const]));
const policy = { departments: { ...demo.policy!.departments, admin: { ...demo.policy!.departments.admin!, classes: masked } } };
const headers = { authorization: bearer(DEMO_KEYS.admin), 'x-purpose': 'planner mask test' };
let t: TestHub;
let schema: GraphQLSchema;

beforeAll(async () => {
  t = await startSettledHub({ config: { ...demo, policy, demo: { enterprises: 60, seed: 20261130 } } });
  schema = await buildHubSchema();
}, 180_000);
afterAll(async () => t?.stop());

async function ask(query: string, variables: Record<string, unknown>, planned: boolean) {
  t.hub.planner.enabled = planned;
  const before = t.hub.database.counter.statements;
  const res = await fetch(t.hub.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, text: await res.text(), statements: t.hub.database.counter.statements - before };
}

/** Whether a leaf of this type can be answered at all when masked: text is masked, null withholds anything else. */
const answerable = (type: GraphQLObjectType, f: GraphQLField<unknown, unknown>) =>
  MASKABLE_SCALARS.has(getNamedType(f.type).name) || !isNonNullType(f.type) || classOf(type, f) === 'STRUCTURE';

/** Every classed leaf in an answer is masked text or withheld (null); returns how many of each it saw. */
function assertMasked(type: GraphQLObjectType, value: unknown, seen: { text: number; withheld: Set<string> }, where: string): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) return value.forEach((v) => assertMasked(type, v, seen, where));
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const f = type.getFields()[key] ?? type.getFields()[key.split('_')[0]!];
    if (!f) continue;
    const named = getNamedType(f.type);
    if (isObjectType(named)) assertMasked(named, v, seen, `${where}.${key}`);
    else if (classOf(type, f) !== 'STRUCTURE' && classOf(type, f) !== null) {
      if (MASKABLE_SCALARS.has(named.name)) {
        for (const item of [v].flat()) if (item !== null) expect(String(item), `${where}.${key}`).toContain('*');
        seen.text++;
      } else {
        expect(v, `${where}.${key} is withheld`).toBeNull();
        seen.withheld.add(named.name);
      }
    }
  }
}

it('masks text and withholds every other value of every planned route, as the resolvers do', async () => {
  const roots = Object.values(schema.getQueryType()!.getFields()).filter((f) => lookupOf(f) || listingOf(f));
  const seen = { text: 0, withheld: new Set<string>() };
  let planned = 0;
  let refused = 0;
  let asked = 0;
  // Everything (a non-null number, date or code masked is refused, as null is no answer for it), then only what can be answered.
  for (const only of [false, true]) {
    // Statements are counted per hub: the refused answers' sibling resolvers (graphql-js does not cancel them) finish first.
    if (only) await new Promise((r) => setTimeout(r, 1000));
    for (const root of roots) {
      const lookup = lookupOf(root);
      const type = getNamedType(root.type) as GraphQLObjectType;
      const select = (t: GraphQLObjectType) => selectionOf(t, 2, (ty, f) => !only || !isLeafType(getNamedType(f.type)) || answerable(ty, f));
      const cases: { query: string; variables: Record<string, unknown>; node: GraphQLObjectType; path: (d: any) => unknown }[] = [];
      if (lookup) {
        const table = tableOf(type)!.table;
        const by = Object.entries(lookup.by);
        const first = columnOf(table, by[0]![0])!.name;
        const columns = by.map(([col], i) => `${columnOf(table, col)!.name} as a${i}`).join(', ');
        const keys = await t.hub.database.query<Record<string, string>>(`select ${columns} from ${getTableName(table)} where ${first} is not null order by md5(${first}::text) limit 2`);
        const query = `query(${by.map((_b, i) => `$a${i}: String!`).join(', ')}) { ${root.name}(${by.map(([, arg], i) => `${arg}: $a${i}`).join(', ')}) { ${select(type)} } }`;
        for (const k of keys) cases.push({ query, variables: k, node: type, path: (d) => d[root.name] });
      } else {
        const node = getNamedType((getNamedType(type.getFields().edges!.type) as GraphQLObjectType).getFields().node!.type) as GraphQLObjectType;
        cases.push({ query: `{ ${root.name}(first: 3) { totalCount edges { cursor node { ${select(node)} } } } }`, variables: {}, node, path: (d) => d[root.name].edges.map((e: any) => e.node) });
      }
      for (const c of cases) {
        const p = await ask(c.query, c.variables, true);
        const r = await ask(c.query, c.variables, false);
        const label = `${root.name} ${JSON.stringify(c.variables)}${only ? ', answerable fields' : ''}`;
        expect(p.status, label).toBe(r.status);
        const body = JSON.parse(r.text);
        if (!only) {
          expect(refusals(p.text), label).toEqual(refusals(r.text));
          const codes = (body.errors ?? []).map((e: any) => `${e.extensions.code} ${e.extensions.reason}`);
          expect(codes.filter((c: string) => c !== 'FORBIDDEN FIELD_DENIED'), label).toEqual([]);
          refused += codes.length ? 1 : 0;
          continue;
        }
        expect(body.errors, label).toBeUndefined();
        expect(p.text, label).toBe(r.text);
        asked++;
        if (p.statements === 1) planned++;
        assertMasked(c.node, c.path(body.data), seen, root.name);
      }
    }
  }
  // Not vacuous: text was masked, values of other kinds were withheld, non-null ones refused, and the planner answered.
  console.info(`masks: ${seen.text} text leaves masked, withheld ${[...seen.withheld].sort().join(' ')}; ${planned} planned`);
  expect(seen.text).toBeGreaterThan(0);
  // A number, a date, a timestamp and a code from a closed list (an enum), at least.
  expect([...seen.withheld]).toEqual(expect.arrayContaining(['Float', 'Date', 'DateTimeISO']));
  expect([...seen.withheld].some((n) => isEnumType(schema.getType(n)))).toBe(true);
  expect(refused).toBeGreaterThan(0);
  expect(planned, 'every answerable case planned, in one statement').toBe(asked);
}, 300_000);
