/**
 * server/cost
 *
 * What an operation will cost, with its variables, before it runs: graphql-armor's formula
 * (objects 2, scalars 1, ×1.5 per level) with each list multiplied by how many items it
 * may hold — its `first`/`last`, written in the document or passed as a variable (armor's
 * rule sees literals only, so `first: $n` would cost nothing), or, for a list without a
 * page argument (`Enterprise.licenses`), an estimated fan-out per link: `limits.fanOut`
 * by `Type.field`, else `limits.defaultFanOut` (10); a connection's edges count as its page.
 * So twenty nested unpaged lists cost what they will read, not one item each.
 */
import {
  getNamedType, getNullableType, isListType, isObjectType, Kind,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLNamedType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';
import { listLength } from './lookup-budget.js';

const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;

export interface FanOut {
  /** Items assumed for a list link without `first`/`last`, by `Type.field`. */
  readonly fanOut?: Readonly<Record<string, number>>;
  /** Items assumed for any other list link without a page argument. */
  readonly defaultFanOut?: number;
}

const ROOTS: Readonly<Record<string, 'getQueryType' | 'getMutationType' | 'getSubscriptionType'>> = {
  query: 'getQueryType', mutation: 'getMutationType', subscription: 'getSubscriptionType',
};

export function operationCost(
  schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined, limits: FanOut = {},
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    else if (d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName)) operation ??= d;
  }
  if (!operation) return 0;
  const pageOf = (v: ValueNode): number => {
    if (v.kind === Kind.INT) return Number.parseInt(v.value, 10) || 1;
    if (v.kind === Kind.VARIABLE) {
      const n = Number(variables?.[v.name.value]);
      return Number.isInteger(n) && n > 0 ? n : 1;
    }
    return 1;
  };
  const fanOutOf = (parent: string, field: string) => limits.fanOut?.[`${parent}.${field}`] ?? limits.defaultFanOut ?? 10;
  const setCost = (set: SelectionSetNode, parent: GraphQLNamedType | null | undefined, seen: ReadonlySet<string>): number => {
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value === '__schema' || sel.name.value === '__type') continue;
        if (!sel.selectionSet) {
          total += SCALAR_COST;
          continue;
        }
        const def = parent && isObjectType(parent) ? parent.getFields()[sel.name.value] : undefined;
        const page = sel.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last');
        // `_entities` returns one item per representation it is given.
        const reps = sel.arguments?.find((a) => a.name.value === 'representations');
        // A connection's edges hold the page its field asked for, counted there already.
        const paged = parent?.extensions?.dataClass === 'STRUCTURE';
        const items = page ? pageOf(page.value) : reps ? listLength(reps.value, variables) : def && !paged && isListType(getNullableType(def.type)) ? fanOutOf(parent!.name, sel.name.value) : 1;
        total += (OBJECT_COST + DEPTH_FACTOR * setCost(sel.selectionSet, def ? getNamedType(def.type) : null, seen)) * items;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        total += setCost(sel.selectionSet, on, seen);
      } else {
        const f = fragments.get(sel.name.value);
        // A cycle is refused by validation; here it only must not recurse forever.
        if (f && !seen.has(f.name.value)) total += setCost(f.selectionSet, schema.getType(f.typeCondition.name.value), new Set([...seen, f.name.value]));
      }
    }
    return total;
  };
  return setCost(operation.selectionSet, schema[ROOTS[operation.operation]!](), new Set());
}
