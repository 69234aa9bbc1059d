/**
 * graphql/department-schema
 *
 * The graph as one department may see it, for introspection (where it is on): only the
 * operations its policy lists, only the types it may read something of, and of each type
 * only the fields it may read (allowed or masked) and the links to types it may read — as
 * Hasura shows each role its own schema. GraphiQL's docs pane then shows a department its
 * own graph and nothing of the rest. Built once per department (graphql-tools'
 * `filterSchema` and `pruneSchema` over the full schema, resolvers and the entity gate kept),
 * and used for every operation that introspects.
 */
import { filterSchema, pruneSchema } from '@graphql-tools/utils';
import { isObjectType, Kind, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ANONYMOUS } from '../auth/principal.js';
import type { Policy } from '../policy/policy.js';
import { ROOT_TYPES } from './data-class.js';
import { EntityGate } from './entity-gate.js';

const cache = new WeakMap<GraphQLSchema, WeakMap<Policy, Map<string, GraphQLSchema | null>>>();

/** The schema `department` may see; null when it may run no query at all (a schema needs one). */
export function schemaFor(schema: GraphQLSchema, policy: Policy, department: string | null): GraphQLSchema | null {
  let byPolicy = cache.get(schema);
  if (!byPolicy) cache.set(schema, (byPolicy = new WeakMap()));
  let byDept = byPolicy.get(policy);
  if (!byDept) byPolicy.set(policy, (byDept = new Map()));
  const key = department ?? '';
  if (!byDept.has(key)) byDept.set(key, build(schema, policy, department));
  return byDept.get(key)!;
}

function build(schema: GraphQLSchema, policy: Policy, department: string | null): GraphQLSchema | null {
  const query = schema.getQueryType()!;
  if (!Object.keys(query.getFields()).some((f) => policy.operationAllowed(department, query.name, f))) return null;
  const gate = new EntityGate({ ...ANONYMOUS, department, division: null }, policy);
  const filtered = filterSchema({
    schema,
    rootFieldFilter: (root, field) => {
      const type = schema.getType(root);
      const def = isObjectType(type) ? type.getFields()[field] : undefined;
      return isObjectType(type) && !!def && gate.fieldReadable(schema, type, def);
    },
    typeFilter: (name, type) => !isObjectType(type) || ROOT_TYPES.has(name) || gate.readable(schema, type),
    objectFieldFilter: (typeName, fieldName) => {
      const type = schema.getType(typeName);
      if (!isObjectType(type) || ROOT_TYPES.has(typeName)) return true;
      const field = type.getFields()[fieldName];
      return !!field && gate.fieldReadable(schema, type, field);
    },
  });
  return pruneSchema(filtered);
}

const introspecting = new WeakMap<DocumentNode, boolean>();

/** Whether an operation asks about the schema (`__schema` or `__type`, anywhere); once per parsed document. */
export function introspects(document: DocumentNode): boolean {
  const known = introspecting.get(document);
  if (known !== undefined) return known;
  let found = false;
  visit(document, {
    [Kind.FIELD](node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  introspecting.set(document, found);
  return found;
}
