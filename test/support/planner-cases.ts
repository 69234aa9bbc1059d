/**
 * test/support/planner-cases
 *
 * What the planner tests ask: every plannable field of a type (links some levels deep,
 * link arguments both ways, an inline fragment and `__typename` at every level), and how
 * an errored answer is compared (its data and its distinct refusals).
 */
import { getNamedType, isLeafType, isObjectType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { columnOf, computedOf, derivedOf, hasResolver, linkOf, tableOf } from '../../src/graphql/planner/declare.js';

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
