/**
 * planner/derived
 *
 * Fields whose value is computed in TypeScript from facts SQL can fetch (`@Derived`: the
 * enterprise profile's age, bands, trend and risk flags). The statement fetches the facts
 * as JSON in the parent's row (`{"$d": n, "v": facts}`); the runner turns them into the
 * value with the same function the resolver uses and projects it by the operation's
 * selection here, as GraphQL would: fields in selection order under their response keys,
 * leaves serialised by their type, masked values masked, and of a list only the rows the
 * entity gate admits (their fact class; a derived value's rows belong to their parent).
 * What the gate refuses, or what would need an owner looked up, is not planned.
 */
import {
  getNamedType, getNullableType, isLeafType, isListType, isObjectType, type FieldNode, type GraphQLField, type GraphQLLeafType, type GraphQLObjectType,
} from 'graphql';
import { asSeen, type EntityGate, type SeenAs } from '../entity-gate.js';
import type { Loaders } from '../loaders.js';
import { ownershipOf } from '../ownership.js';
import { tableOf, type DerivedDecl, type DeriveEnv } from './declare.js';
import { Unplannable } from './sql-text.js';

type Shape =
  | { readonly kind: 'typename'; readonly key: string; readonly name: string }
  | { readonly kind: 'leaf'; readonly key: string; readonly prop: string; readonly type: GraphQLLeafType; readonly access: SeenAs }
  | { readonly kind: 'object'; readonly key: string; readonly prop: string; readonly projection: Projection; readonly list: boolean };

/** How one derived object is turned into its answer. */
export interface Projection {
  readonly type: GraphQLObjectType;
  readonly shapes: readonly Shape[];
}

/** One derived field in a plan: its declaration and the projection of its value. */
export interface Derivation {
  readonly decl: DerivedDecl;
  readonly projection: Projection;
}

/** What the compiler lends this module: merging a selection, and the gate's decision on a field (refused: Unplannable). */
export interface SelectionHost {
  collect(type: GraphQLObjectType, sets: readonly (FieldNode['selectionSet'])[]): Map<string, FieldNode[]>;
  check(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): SeenAs;
}

/** The projection of `type` selected by `nodes`; refused fields, entities and owners to look up are not planned. */
export function projectionOf(host: SelectionHost, type: GraphQLObjectType, nodes: readonly FieldNode[]): Projection {
  const own = ownershipOf(type);
  if (tableOf(type)?.key || !own || !('parent' in own.owner || 'none' in own.owner)) throw new Unplannable(`derived ${type.name}`);
  const shapes: Shape[] = [];
  for (const [key, same] of host.collect(type, nodes.map((n) => n.selectionSet))) {
    const name = same[0]!.name.value;
    if (name === '__typename') {
      shapes.push({ kind: 'typename', key, name: type.name });
      continue;
    }
    const field = type.getFields()[name];
    if (!field) throw new Unplannable(`${type.name}.${name}`);
    const access = host.check(type, field);
    const named = getNamedType(field.type);
    const list = isListType(getNullableType(field.type));
    if (isLeafType(named) && !list) shapes.push({ kind: 'leaf', key, prop: name, type: named, access });
    else if (isObjectType(named) && access === 'allow') shapes.push({ kind: 'object', key, prop: name, projection: projectionOf(host, named, same), list });
    else throw new Unplannable(`derived ${type.name}.${name}`);
  }
  return { type, shapes };
}

/** A derived value's rows belong to their parent (or to nobody): admitting one never looks an owner up. */
const NO_OWNER_LOOKUP = null as unknown as Loaders;

/** The answer for a derived value, as GraphQL would give it from the resolver's value. */
export function project(p: Projection, value: unknown, gate: EntityGate): unknown {
  if (value === null || value === undefined) return null;
  const row = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const s of p.shapes) {
    if (s.kind === 'typename') out[s.key] = s.name;
    else if (s.kind === 'leaf') {
      // Masked (text) or withheld (anything else) before serialising, as the field wrapper does.
      const v = asSeen(s.access, row[s.prop]);
      out[s.key] = v === null || v === undefined ? null : s.type.serialize(v);
    } else {
      const v = row[s.prop];
      const admitted = (r: unknown) => r !== null && typeof r === 'object' && gate.visibleRow(s.projection.type, r as Record<string, unknown>, NO_OWNER_LOOKUP, false) === true;
      if (!s.list) out[s.key] = admitted(v) ? project(s.projection, v, gate) : null;
      else out[s.key] = Array.isArray(v) ? v.filter(admitted).map((r) => project(s.projection, r, gate)) : null;
    }
  }
  return out;
}

/** The answer for one derived field's facts (`{"$d": n, "v": facts}` in a planned answer). */
export function derive(d: Derivation, facts: unknown, env: DeriveEnv, gate: EntityGate): unknown {
  return facts === null ? null : project(d.projection, d.decl.value(facts, env), gate);
}
