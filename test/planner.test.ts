/**
 * The read planner answers exactly as the resolvers do. For every root field the planner
 * declares (`@Lookup`, `@Listing`), a selection of every field its declarations reach,
 * three levels deep (link arguments both ways, an inline fragment and `__typename` at every
 * level), with keys and pages from the database (a page after a cursor, every filter
 * field), for every demo department — the district office included — with and without a
 * declared purpose: the planner on and off give byte-identical bodies, the same status and
 * the same read-audit entities; where the planner answers, with one statement. And the
 * fields the planner leaves to the resolvers are exactly the ones listed here: a new field
 * without a declaration fails this test until it gets one or is listed.
 */
import 'reflect-metadata';
import { getNamedType, type GraphQLField, type GraphQLInputObjectType, type GraphQLInputType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { getTableName } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import type { EntityGate } from '../src/graphql/entity-gate.js';
import { Policy } from '../src/policy/policy.js';
import { columnOf, listingOf, lookupOf, tableOf } from '../src/graphql/planner/declare.js';
import { demoGate, readableBy, refusals, selectionOf, withQuietDemoHub } from './support/planner-cases.js';
import type { TestHub } from './support/hub.js';
import { bearer, DEMO_KEYS } from './support/keys.js';

/** Fields the planner does not read: an operation selecting one runs through the resolvers. */
const LEFT_TO_RESOLVERS = [
  'Enterprise.legalRepresentative', 'Enterprise.nameBySource', 'License.holderPerson', 'RegistrationHolder.person',
  // The reform views: one batched statement per page (eligibility under the reader's policy, indicators), and a
  // timeline assembled from the parcel's events by stage (graphql/views). The profile is planned (@Derived).
  'Enterprise.eligiblePolicies', 'LandParcel.timeline', 'LandParcel.indicators',
];
/** A sample for a field of a listing's filter input: a value is there, a link leads somewhere, a combination of none. */
function filterSample(name: string, type: GraphQLInputType): unknown {
  const fields = Object.keys((getNamedType(type) as GraphQLInputObjectType).getFields());
  if (name === 'and' || name === 'or') return [];
  if (name === 'not') return { and: [] };
  if (fields.includes('isNull')) return { isNull: false };
  if (fields.includes('some')) return { some: {} };
  return {};
}
const DEPTH = 3;

const demo = loadConfigFile(DEMO_CONFIG_PATH);
const policy = new Policy(demo.policy!);
let t: TestHub;
let schema: GraphQLSchema;
withQuietDemoHub((hub) => ({ t, schema } = hub));

const unplanned = new Set<string>();

/** Who asks: only fields this department may read with this purpose, or (null) every field. */
type Reader = { gate: EntityGate; purpose: boolean } | null;

const mayRead = (reader: Reader, type: GraphQLObjectType, f: GraphQLField<unknown, unknown>): boolean =>
  !reader || readableBy(schema, policy, reader.gate, reader.purpose, type, f);

/** Every plannable field of `type` (that `reader` may read), links `depth` deep. */
const selection = (type: GraphQLObjectType, depth: number, reader: Reader) => selectionOf(type, depth, (t, f) => mayRead(reader, t, f), unplanned);

interface Answer { status: number; text: string; statements: number; entities: string[]; audit: string }

async function ask(query: string, variables: Record<string, unknown>, headers: Record<string, string>, planned: boolean): Promise<Answer> {
  t.hub.planner.enabled = planned;
  const before = t.hub.database.counter.statements;
  const res = await fetch(t.hub.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  const statements = t.hub.database.counter.statements - before;
  const [row] = await t.hub.database.query<{ entities: string[]; entity_count: number; error_codes: string[]; outcome: string }>(
    'select entities, entity_count, error_codes, outcome from read_audit order by seq desc limit 1',
  );
  return { status: res.status, text, statements, entities: [...row!.entities].sort(), audit: `${row!.outcome} ${row!.error_codes.join(',')}` };
}

it('answers every planned route exactly as the resolvers, for every department, in one statement', async () => {
  const roots = Object.values(schema.getQueryType()!.getFields()).filter((f) => lookupOf(f) || listingOf(f));
  expect(roots.map((f) => f.name).sort()).toEqual(
    ['creditRecord', 'creditRecords', 'enterprise', 'enterpriseByRegistrationNumber', 'enterprises', 'license', 'licenses', 'loan', 'loans', 'parcel', 'parcels',
      'project', 'projects', 'registration', 'registrations', 'taxpayer', 'taxpayers', 'unit', 'units'],
  );
  let compared = 0;
  const counted: { query: string; variables: Record<string, unknown>; headers: Record<string, string>; label: string }[] = [];
  const plannedRoutes = new Set<string>();
  for (const root of roots) {
    const lookup = lookupOf(root);
    const type = getNamedType(root.type) as GraphQLObjectType;
    /** The cases of this route for a selection. */
    let cases: (select: (t: GraphQLObjectType) => string, who: string) => { query: string; variables: Record<string, unknown> }[];
    if (lookup) {
      const table = tableOf(type)!.table;
      // Keys of real rows, one variable per argument: `a0`, `a1`, …
      const by = Object.entries(lookup.by);
      const columns = by.map(([col], i) => `${columnOf(table, col)!.name} as a${i}`).join(', ');
      const first = columnOf(table, by[0]![0])!.name;
      const keys = await t.hub.database.query<Record<string, string>>(`select ${columns} from ${getTableName(table)} where ${first} is not null order by md5(${first}::text) limit 3`);
      expect(keys.length, root.name).toBeGreaterThan(0);
      cases = (select) => {
        const query = `query(${by.map((_b, i) => `$a${i}: String!`).join(', ')}) { ${root.name}(${by.map(([, arg], i) => `${arg}: $a${i}`).join(', ')}) { ${select(type)} } }`;
        return [...keys.map((k) => ({ query, variables: k })), { query, variables: Object.fromEntries(by.map((_b, i) => [`a${i}`, 'not-a-key'])) }];
      };
    } else {
      const node = getNamedType((getNamedType(type.getFields().edges!.type) as GraphQLObjectType).getFields().node!.type) as GraphQLObjectType;
      const filterArg = root.args.find((a) => a.name === 'filter')!;
      const orderArg = root.args.find((a) => a.name === 'orderBy')!;
      const queryOf = (select: (t: GraphQLObjectType) => string) => `query($n: Int, $after: String, $last: Int, $before: String, $filter: ${filterArg.type}, $orderBy: ${orderArg.type}) {`
        + ` ${root.name}(first: $n, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {`
        + ` totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename } edges { __typename cursor node { ${select(node)} } } } }`;
      const page = JSON.parse((await ask(queryOf(() => 'id'), { n: 2 }, { authorization: bearer(DEMO_KEYS.admin) }, false)).text);
      expect(page.errors, root.name).toBeUndefined();
      const after = page.data[root.name].pageInfo.endCursor;
      const filters = Object.values((getNamedType(filterArg.type) as GraphQLInputObjectType).getFields()).map((f) => ({ [f.name]: filterSample(f.name, f.type) }));
      const orderBy = Object.keys((getNamedType(orderArg.type) as GraphQLInputObjectType).getFields()).length
        ? (getNamedType((getNamedType(orderArg.type) as GraphQLInputObjectType).getFields().field!.type) as unknown as { getValues(): { name: string }[] }).getValues().map((v) => [{ field: v.name, direction: 'DESC' }])
        : [];
      cases = (select, who) => {
        const query = queryOf(select);
        const pages = [{ query, variables: { n: 5 } }, { query, variables: { n: 2, after } }];
        // Backwards, every filter field and every order: for the whole province and for a district office (the analyst tests enumerate them per department).
        if (who !== 'admin' && who !== 'marketShushan') return pages;
        return [...pages, { query, variables: { last: 2, before: after } }, ...filters.map((filter) => ({ query, variables: { n: 5, filter } })), ...orderBy.map((o) => ({ query, variables: { n: 3, orderBy: o } }))];
      };
    }
    for (const [name, key] of Object.entries(DEMO_KEYS)) {
      const gate = demoGate(demo, policy, key);
      for (const purpose of [null, 'planner test']) {
        const headers: Record<string, string> = { authorization: bearer(key), ...(purpose ? { 'x-purpose': purpose } : {}) };
        // Everything (denials included: the same refusals), then only what this reader may read (which the planner answers).
        for (const reader of [null, { gate, purpose: purpose !== null }]) {
          for (const c of cases((type) => selection(type, DEPTH, reader), name)) {
            const planned = await ask(c.query, c.variables, headers, true);
            const resolved = await ask(c.query, c.variables, headers, false);
            const label = `${root.name} ${JSON.stringify(c.variables)} as ${name}${purpose ? ' with a purpose' : ''}${reader ? ', readable fields' : ''}`;
            expect(planned.status, label).toBe(resolved.status);
            const failed = JSON.parse(planned.text).errors;
            if (!failed) {
              expect(planned.text, label).toBe(resolved.text);
              expect(planned.entities, label).toEqual(resolved.entities);
              expect(planned.audit, label).toBe(resolved.audit);
            } else {
              // A refused field nulls its parent while sibling resolvers still run: which of their errors (and rows) make it
              // into the answer and the audit varies from run to run of the resolvers themselves. The data and the refusals do not.
              expect(refusals(planned.text), label).toEqual(refusals(resolved.text));
            }
            if (reader && !failed) {
              counted.push({ ...c, headers, label });
              plannedRoutes.add(root.name);
            }
            compared++;
          }
        }
      }
    }
  }
  // One statement for each answer the planner gave: counted apart, once the resolvers of the refused answers above
  // (graphql-js does not cancel a refused field's siblings) have finished.
  await new Promise((r) => setTimeout(r, 1000));
  for (const c of counted) expect((await ask(c.query, c.variables, c.headers, true)).statements, `${c.label}: one statement`).toBe(1);
  // Not vacuous: every route was answered by the planner, with data, for some department.
  console.info(`planner: ${compared} answers compared, ${counted.length} planned`);
  expect([...plannedRoutes].sort()).toEqual(roots.map((f) => f.name).sort());
  expect([...unplanned].sort()).toEqual([...LEFT_TO_RESOLVERS].sort());
}, 600_000);
