/**
 * graphql/entity-gate
 *
 * The one place that decides access, which every route passes: root fields, `node(id)`,
 * connections, nested links, subscription payloads, Federation's `_entities`. Through
 * the resolver wrapped around every field (graphql/gated-fields) it
 * - refuses a root operation the department's policy does not list;
 * - decides each leaf field by its data class (allow, mask, deny; a purpose where the
 *   class requires one) and each link by whether the department may read anything of the
 *   type it leads to (a denied type leaks nothing: no `__typename`, no count);
 * - admits returned rows by whose they are (graphql/ownership): a district office gets a
 *   row outside its division, or of unknown owner, as if it did not exist, and nobody
 *   gets an alert or change notice about a class it may not read;
 * - stops work past the operation's deadline, and records what was returned (type +
 *   national key) for the read audit.
 */
import {
  getNamedType, isAbstractType, isLeafType, isNonNullType, isObjectType, type GraphQLField, type GraphQLNamedType, type GraphQLObjectType, type GraphQLSchema,
} from 'graphql';
import type { Principal } from '../auth/principal.js';
import { divisionRange } from '../domain/divisions.js';
import type { DataClassName } from '../policy/classes.js';
import { MASKABLE_SCALARS, maskValue } from '../policy/masks.js';
import type { Policy } from '../policy/policy.js';
import { classOf, ROOT_TYPES } from './data-class.js';
import { entityKeyOf } from './entity-keys.js';
import type { Loaders } from './loaders.js';
import { isStructural, ownershipOf, type Ownership } from './ownership.js';

/**
 * How a field the department may read is seen: as it is, masked, or — masked by policy but
 * not text (a number, a date, an enum) — withheld, answered as null. A non-null field of
 * that kind is refused instead (FIELD_DENIED), as null is not an answer it has.
 */
export type SeenAs = 'allow' | 'mask' | 'withhold';

/** A value as a field seen that way answers it: as it is, masked (policy/masks), or withheld. */
export const asSeen = (access: SeenAs, value: unknown): unknown => (access === 'allow' ? value : access === 'mask' ? maskValue(value) : null);

export type FieldDecision =
  | { readonly access: SeenAs; readonly cls: DataClassName | null }
  | { readonly refused: 'OPERATION_DENIED' | 'FIELD_DENIED' | 'TYPE_DENIED' | 'PURPOSE_REQUIRED'; readonly cls: DataClassName | null };

/** Whether a department may read anything of a type, per policy and type (a schema's types do not change). */
const readableCache = new WeakMap<Policy, Map<string, boolean>>();

export class EntityGate {
  /** `Type:key` of every entity returned so far in this operation. */
  readonly returned = new Set<string>();
  /** This gate's decisions so far, by field, without and with a declared purpose (a policy does not change within an operation). */
  private readonly decisions = [new Map<GraphQLField<unknown, unknown>, FieldDecision>(), new Map<GraphQLField<unknown, unknown>, FieldDecision>()] as const;
  private readonly range: { from: string; to: string } | null;

  constructor(
    readonly principal: Principal,
    readonly policy: Policy,
  ) {
    this.range = principal.division ? divisionRange(principal.division) : null;
  }

  /** A principal with a division sees only what its division owns. */
  get scoped(): boolean {
    return this.range !== null;
  }

  /** Whether a row owned by `division` is in the principal's scope (an unknown owner is not, for a scoped principal). */
  inScope(division: unknown): boolean {
    if (!this.range) return true;
    return typeof division === 'string' && division >= this.range.from && division < this.range.to;
  }

  /** Whether facts of `cls` may be seen at all (allow or mask). */
  classReadable(cls: DataClassName | undefined): boolean {
    return cls !== undefined && this.policy.classAccess(this.principal.department, cls) !== 'deny';
  }

  /** Whether the department may read any field of `type` (for an interface: of any type implementing it). */
  readable(schema: GraphQLSchema, type: GraphQLNamedType): boolean {
    const dept = this.principal.department ?? '';
    let cache = readableCache.get(this.policy);
    if (!cache) readableCache.set(this.policy, (cache = new Map()));
    const key = `${dept}\u0000${type.name}`;
    let known = cache.get(key);
    if (known === undefined) cache.set(key, (known = this.computeReadable(schema, type, new Set())));
    return known;
  }

  private computeReadable(schema: GraphQLSchema, type: GraphQLNamedType, seen: Set<string>): boolean {
    if (seen.has(type.name)) return false;
    seen.add(type.name);
    if (isAbstractType(type)) return schema.getPossibleTypes(type).some((t) => this.computeReadable(schema, t, seen));
    if (!isObjectType(type)) return true;
    const fields = Object.values(type.getFields());
    // Plumbing (a connection, an edge) is readable when what it carries is; page info, carrying nothing, always.
    if (isStructural(type)) {
      const links = fields.filter((f) => classOf(type, f) === null);
      return links.length === 0 || links.some((f) => this.computeReadable(schema, getNamedType(f.type), new Set(seen)));
    }
    return fields.some((f) => {
      const cls = classOf(type, f);
      return cls !== null && cls !== 'STRUCTURE' && this.policy.fieldAccess(this.principal.department, type.name, f.name, cls) !== 'deny';
    });
  }

  /**
   * How the department may see `type.field` in an operation (with or without a declared
   * purpose): a root field by the operations its policy lists, a leaf by its data class
   * (allowed, masked — text masked, other values withheld; refused, or refused for want of
   * a purpose), a link by whether it may read anything of the type it leads to. The one
   * decision the field wrapper enforces, the read planner compiles and the department's
   * schema shows.
   */
  decide(schema: GraphQLSchema, type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, purpose: boolean): FieldDecision {
    const memo = this.decisions[purpose ? 1 : 0];
    let known = memo.get(field);
    if (!known) memo.set(field, (known = this.decideAfresh(schema, type, field, purpose)));
    return known;
  }

  private decideAfresh(schema: GraphQLSchema, type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, purpose: boolean): FieldDecision {
    const dept = this.principal.department;
    if (ROOT_TYPES.has(type.name) && !this.policy.operationAllowed(dept, type.name, field.name)) return { refused: 'OPERATION_DENIED', cls: null };
    const cls = classOf(type, field);
    if (!cls) return this.readable(schema, getNamedType(field.type)) ? { access: 'allow', cls } : { refused: 'TYPE_DENIED', cls };
    const access = this.policy.fieldAccess(dept, type.name, field.name, cls);
    if (access === 'deny') return { refused: 'FIELD_DENIED', cls };
    if (!purpose && this.policy.purposeRequired(dept, cls)) return { refused: 'PURPOSE_REQUIRED', cls };
    const named = getNamedType(field.type);
    if (access === 'mask' && isLeafType(named) && !MASKABLE_SCALARS.has(named.name)) {
      return isNonNullType(field.type) ? { refused: 'FIELD_DENIED', cls } : { access: 'withhold', cls };
    }
    return { access: access === 'mask' ? 'mask' : 'allow', cls };
  }

  /** Whether the department may see `type.field` at all (a purpose it can declare aside). */
  fieldReadable(schema: GraphQLSchema, type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): boolean {
    return !('refused' in this.decide(schema, type, field, true));
  }

  /** Facts a row-class map (an alert's kind → class) lets the principal see. */
  readableFacts(classes: Readonly<Record<string, DataClassName>>): string[] {
    return Object.keys(classes).filter((v) => this.classReadable(classes[v]));
  }

  /** Whether one row of `type` may be returned: its fact class, then its owner (a promise only when the owner must be looked up). */
  visibleRow(type: GraphQLObjectType, row: Record<string, unknown>, loaders: Loaders, viaRoot: boolean): boolean | Promise<boolean> {
    const own = ownershipOf(type);
    if (!own) return !this.scoped;
    if (own.rowClass && !this.classReadable(own.rowClass.classes[String(row[own.rowClass.by])])) return false;
    const o = own.owner;
    // A child row is admitted with its parent; reached any other way its owner is not known.
    if ('parent' in o) return !viaRoot;
    if ('none' in o || !this.scoped) return true;
    if ('unknown' in o) return false;
    if ('division' in o) return this.inScope(row[o.division]);
    return ownerDivision(o, row, loaders).then((d) => this.inScope(d));
  }

  /**
   * Admits rows of `type` into the response: invisible ones become null (or leave a list);
   * returned keys are recorded. Answers at once unless an owner must be looked up.
   */
  admit<T>(type: GraphQLObjectType, rows: T, loaders: Loaders, viaRoot: boolean): T | Promise<T> {
    if (rows === null || rows === undefined || typeof rows !== 'object') return rows;
    const list = (Array.isArray(rows) ? rows : [rows]) as Record<string, unknown>[];
    const keep = list.map((r) => (r && typeof r === 'object' ? this.visibleRow(type, r, loaders, viaRoot) : false));
    const done = (verdicts: readonly boolean[]): T => {
      const kept = list.filter((_r, i) => verdicts[i]);
      const keyOf = entityKeyOf(type.name);
      if (keyOf) for (const r of kept) this.returned.add(`${type.name}:${keyOf(r)}`);
      return (Array.isArray(rows) ? kept : (kept[0] ?? null)) as T;
    };
    return keep.some((k) => typeof k !== 'boolean') ? Promise.all(keep).then(done) : done(keep as boolean[]);
  }

  /**
   * Rows of several types (Federation's `_entities`), each admitted as a root lookup of its
   * own type: one the principal may not see becomes null in its place, as a missing one is,
   * so the answers still line up with what was asked.
   */
  admitInPlace(schema: GraphQLSchema, rows: readonly unknown[], loaders: Loaders): Promise<unknown[]> {
    return Promise.all(rows.map((row) => {
      const name = row && typeof row === 'object' ? (row as { __typename?: unknown }).__typename : undefined;
      const type = typeof name === 'string' ? schema.getType(name) : undefined;
      if (!type || !isObjectType(type) || !this.readable(schema, type)) return null;
      return this.admit(type, row, loaders, true);
    }));
  }
}

/** The division a row's owner lies in: its enterprise's or its parcel's (null when not found). */
async function ownerDivision(o: Ownership['owner'], row: Record<string, unknown>, loaders: Loaders): Promise<string | null> {
  const uscc = 'enterprise' in o ? row[o.enterprise] : null;
  if (typeof uscc === 'string' && uscc) return (await loaders.enterpriseByUscc.load(uscc))?.divisionCode ?? null;
  const code = 'parcel' in o && o.parcel ? row[o.parcel] : null;
  if (typeof code === 'string' && code) return (await loaders.parcelByCode.load(code.slice(0, 19)))?.divisionCode ?? null;
  return null;
}
