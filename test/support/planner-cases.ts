/**
 * test/support/planner-cases
 *
 * What the planner tests ask, and of which hub: a demo hub that holds still while they ask
 * (its statements are counted), every plannable field of a type (links some levels deep,
 * link arguments both ways, an inline fragment and `__typename` at every level), and how
 * an errored answer is compared (its data and its distinct refusals).
 */
import { getNamedType, isLeafType, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { DEMO_CONFIG_PATH, loadConfigFile, type HubConfigFile } from '../../src/config.js';
import { buildHubSchema } from '../../src/graphql/build-schema.js';
import { classOf } from '../../src/graphql/data-class.js';
import { EntityGate } from '../../src/graphql/entity-gate.js';
import type { Policy } from '../../src/policy/policy.js';
import { columnOf, computedOf, derivedOf, hasResolver, linkOf, tableOf } from '../../src/graphql/planner/declare.js';
import { afterAll, beforeAll } from 'vitest';
import { startTestHub, type TestHub } from './hub.js';

/**
 * A demo hub of 150 enterprises, ingested once and then still — statements are counted per
 * hub, so no ingest round or scheduled rule runs alongside the questions — with limits
 * wide enough for whole-schema selections, and the hub's schema.
 */
async function startQuietDemoHub(): Promise<{ t: TestHub; schema: GraphQLSchema }> {
  const demo = loadConfigFile(DEMO_CONFIG_PATH);
  const t = await startTestHub({ config: { ...demo, demo: { enterprises: 150, seed: 20261124 }, limits: { ...demo.limits, lookupsPerMinute: 1_000_000, maxTokens: 100_000, maxAliases: 1000, maxCost: 10_000_000 } } });
  await t.hub.scheduler!.firstRound;
  await t.hub.scheduler!.stop();
  await t.hub.alertSchedule?.stop();
  return { t, schema: await buildHubSchema() };
}

/** The entity gate of demo key `key` (`gg_<id>.<secret>`) under `policy`: the department and division it reads as. */
export function demoGate(demo: HubConfigFile, policy: Policy, key: string): EntityGate {
  const apiKey = demo.auth.apiKeys.find((k) => k.id === key.slice(3, key.indexOf('.')))!;
  return new EntityGate({ id: apiKey.id, kind: 'api-key', department: apiKey.department, division: apiKey.division ?? null }, policy);
}

/** The file's quiet demo hub: started before its tests (handed to `use`), stopped after them. */
export function withQuietDemoHub(use: (hub: { t: TestHub; schema: GraphQLSchema }) => void): void {
  let t: TestHub | undefined;
  beforeAll(async () => {
    const hub = await startQuietDemoHub();
    t = hub.t;
    use(hub);
  }, 180_000);
  afterAll(async () => t?.stop());
}

/** Whether `gate`'s department (with or without a declared purpose) may read `type.f` under `policy`: a selection of only those fields is answerable. */
export function readableBy(schema: GraphQLSchema, policy: Policy, gate: EntityGate, purpose: boolean, type: GraphQLObjectType, f: GraphQLField<unknown, unknown>): boolean {
  const dept = gate.principal.department;
  const cls = classOf(type, f);
  if (!cls) return gate.readable(schema, getNamedType(f.type));
  return policy.fieldAccess(dept, type.name, f.name, cls) !== 'deny' && (purpose || !policy.purposeRequired(dept, cls));
}

/** Whether the planner reads `type.f` (a declared link or derived value, a column, a computed leaf). */
export function plannable(type: GraphQLObjectType, f: GraphQLField<unknown, unknown>): boolean {
  // A link is declared; so is a derived value, whose own objects are plain properties of it (a type with no table).
  if (!isLeafType(getNamedType(f.type))) return linkOf(f) !== null || derivedOf(f) !== null || (!tableOf(type) && !hasResolver(type, f.name));
  const table = tableOf(type)?.table;
  return computedOf(f) !== null || (!hasResolver(type, f.name) && (!table || columnOf(table, f.name) !== null));
}

/**
 * Every plannable field of `type` that `include` admits, links `depth` deep; link arguments
 * given both ways. Fields the planner does not read are added to `unplanned`.
 */
export function selectionOf(
  type: GraphQLObjectType, depth: number, include: (type: GraphQLObjectType, f: GraphQLField<unknown, unknown>) => boolean, unplanned?: Set<string>,
): string {
  const parts = ['__typename', `... on ${type.name} { __typename }`];
  for (const f of Object.values(type.getFields())) {
    if (!plannable(type, f)) {
      unplanned?.add(`${type.name}.${f.name}`);
      continue;
    }
    if (!include(type, f)) continue;
    const target = getNamedType(f.type);
    if (!isObjectType(target)) parts.push(f.name);
    else if (depth > 0) {
      const inner = selectionOf(target, depth - 1, include, unplanned);
      parts.push(`${f.name} { ${inner} }`);
      for (const a of f.args) if (getNamedType(a.type).name === 'Boolean') parts.push(`${f.name}_${a.name}: ${f.name}(${a.name}: true) { ${inner} }`);
    }
  }
  return parts.join(' ');
}

/** An errored answer's data and its distinct error codes and reasons. */
export function refusals(text: string): unknown {
  const body = JSON.parse(text) as { data?: unknown; errors: { extensions?: { code?: string; reason?: string } }[] };
  return { data: body.data, codes: [...new Set(body.errors.map((e) => `${e.extensions?.code} ${e.extensions?.reason}`))].sort() };
}
