/**
 * graphql/entity-gate
 *
 * The one place that decides access, which every route passes: root fields, `node(id)`,
 * connections, nested links, subscription payloads, Federation's `_entities`. As global middleware it
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
  getNamedType, isAbstractType, isObjectType, type GraphQLField, type GraphQLNamedType, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema,
} from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { Principal } from '../auth/principal.js';
import { divisionRange } from '../domain/divisions.js';
import type { DataClassName } from '../policy/classes.js';
import { maskValue } from '../policy/masks.js';
import type { Access, Policy } from '../policy/policy.js';
import { classOf, ROOT_TYPES } from './data-class.js';
import { entityKeyOf } from './entity-keys.js';
import { HubError, NotFoundError } from './errors.js';
import type { Loaders } from './loaders.js';
import { isStructural, ownershipOf, type Ownership } from './ownership.js';

export type FieldDecision =
  | { readonly access: Access; readonly cls: DataClassName | null }
  | { readonly refused: 'OPERATION_DENIED' | 'FIELD_DENIED' | 'TYPE_DENIED' | 'PURPOSE_REQUIRED'; readonly cls: DataClassName | null };

/** Whether a department may read anything of a type, per policy and type (a schema's types do not change). */
const readableCache = new WeakMap<Policy, Map<string, boolean>>();

export class EntityGate {
  /** `Type:key` of every entity returned so far in this operation. */
  readonly returned = new Set<string>();
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
   * (allowed, masked; refused, or refused for want of a purpose), a link by whether it may
   * read anything of the type it leads to. The one decision the middleware enforces, the
   * read planner compiles and the department's schema shows.
   */
  decide(schema: GraphQLSchema, type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, purpose: boolean): FieldDecision {
    const dept = this.principal.department;
    if (ROOT_TYPES.has(type.name) && !this.policy.operationAllowed(dept, type.name, field.name)) return { refused: 'OPERATION_DENIED', cls: null };
    const cls = classOf(type, field);
    if (!cls) return this.readable(schema, getNamedType(field.type)) ? { access: 'allow', cls } : { refused: 'TYPE_DENIED', cls };
    const access = this.policy.fieldAccess(dept, type.name, field.name, cls);
    if (access === 'deny') return { refused: 'FIELD_DENIED', cls };
    if (!purpose && this.policy.purposeRequired(dept, cls)) return { refused: 'PURPOSE_REQUIRED', cls };
    return { access, cls };
  }

  /** Whether the department may see `type.field` at all (a purpose it can declare aside). */
  fieldReadable(schema: GraphQLSchema, type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): boolean {
    return !('refused' in this.decide(schema, type, field, true));
  }

  /** Facts a row-class map (an alert's kind → class) lets the principal see. */
  readableFacts(classes: Readonly<Record<string, DataClassName>>): string[] {
    return Object.keys(classes).filter((v) => this.classReadable(classes[v]));
  }

  /** Whether one row of `type` may be returned: its fact class, then its owner. */
  async visibleRow(type: GraphQLObjectType, row: Record<string, unknown>, loaders: Loaders, viaRoot: boolean): Promise<boolean> {
    const own = ownershipOf(type);
    if (!own) return !this.scoped;
    if (own.rowClass && !this.classReadable(own.rowClass.classes[String(row[own.rowClass.by])])) return false;
    const o = own.owner;
    // A child row is admitted with its parent; reached any other way its owner is not known.
    if ('parent' in o) return !viaRoot;
    if ('none' in o || !this.scoped) return true;
    if ('unknown' in o) return false;
    return this.inScope(await ownerDivision(o, row, loaders));
  }

  /** Admits rows of `type` into the response: invisible ones become null (or leave a list); returned keys are recorded. */
  async admit<T>(type: GraphQLObjectType, rows: T, loaders: Loaders, viaRoot: boolean): Promise<T> {
    if (rows === null || rows === undefined || typeof rows !== 'object') return rows;
    const list = (Array.isArray(rows) ? rows : [rows]) as Record<string, unknown>[];
    const keep = await Promise.all(list.map((r) => (r && typeof r === 'object' ? this.visibleRow(type, r, loaders, viaRoot) : false)));
    const kept = list.filter((_r, i) => keep[i]);
    const keyOf = entityKeyOf(type.name);
    if (keyOf) for (const r of kept) this.returned.add(`${type.name}:${keyOf(r)}`);
    return (Array.isArray(rows) ? kept : (kept[0] ?? null)) as T;
  }

  /**
   * Rows of several types (Federation's `_entities`), each admitted as a root lookup of its
   * own type: one the principal may not see becomes null in its place, as a missing one is,
   * so the answers still line up with what was asked.
   */
  admitInPlace(schema: GraphQLSchema, rows: readonly unknown[], loaders: Loaders): Promise<unknown[]> {
    return Promise.all(rows.map(async (row) => {
      const name = row && typeof row === 'object' ? (row as { __typename?: unknown }).__typename : undefined;
      const type = typeof name === 'string' ? schema.getType(name) : undefined;
      if (!type || !isObjectType(type) || !this.readable(schema, type)) return null;
      return this.admit(type, row, loaders, true);
    }));
  }
}

/** The division a row's owner lies in: its own column, its enterprise's, or its parcel's (null when not found). */
async function ownerDivision(o: Ownership['owner'], row: Record<string, unknown>, loaders: Loaders): Promise<string | null> {
  if ('division' in o) return (row[o.division] as string | null) ?? null;
  const uscc = 'enterprise' in o ? row[o.enterprise] : null;
  if (typeof uscc === 'string' && uscc) return (await loaders.enterpriseByUscc.load(uscc))?.divisionCode ?? null;
  const code = 'parcel' in o && o.parcel ? row[o.parcel] : null;
  if (typeof code === 'string' && code) return (await loaders.parcelByCode.load(code.slice(0, 19)))?.divisionCode ?? null;
  return null;
}

interface GateContext {
  gate: EntityGate;
  loaders: Loaders;
  deadline: number;
  purpose: string | null;
}

/** The error a refused field answers with. */
function refusal(gate: EntityGate, what: string, reason: Extract<FieldDecision, { refused: string }>['refused'], cls: DataClassName | null): HubError {
  if (reason === 'PURPOSE_REQUIRED') {
    return new HubError('FORBIDDEN', `Reading ${what} (${cls}) requires a declared purpose (X-Purpose header or a "purpose" extension)`, { reason });
  }
  return new HubError(gate.principal.department ? 'FORBIDDEN' : 'UNAUTHENTICATED', `${what} is not available to you`, { reason });
}

/** Global middleware: deadline, operation and field policy, purpose, masking, ownership, audit record. */
export const entityGateMiddleware: MiddlewareFn<GateContext> = async ({ context, info }, next) => {
  if (Date.now() > context.deadline) throw new HubError('TIMEOUT', 'The operation ran out of time');
  const { gate } = context;
  const parent = info.parentType;
  const field = parent.getFields()[info.fieldName]!;
  const root = ROOT_TYPES.has(parent.name);
  // A link to a type the department may read nothing of is itself refused: not even whether it is empty.
  const decision = gate.decide(info.schema, parent, field, context.purpose !== null);
  if ('refused' in decision) throw refusal(gate, `${parent.name}.${info.fieldName}`, decision.refused, decision.cls);
  let result = await next();
  if (decision.access === 'mask') result = maskValue(result);
  if (Array.isArray(result) && isAbstractType(getNamedType(info.returnType))) return gate.admitInPlace(info.schema, result, context.loaders);
  const type = returnedType(info, result);
  if (!type || isStructural(type)) return result;
  // Through an interface (`node(id)`): a row of a type the department may read nothing of is not there for it.
  const admitted = gate.readable(info.schema, type) ? await gate.admit(type, result, context.loaders, root) : ((Array.isArray(result) ? [] : null) as unknown);
  // A root lookup of a row the principal may not see answers exactly as for a row that does not exist.
  if (parent.name === 'Query' && admitted === null && result !== null && result !== undefined) throw new NotFoundError(type.name);
  return admitted;
};

/** The object type a field returns: its declared type, or for `node(id)` the row's own. */
function returnedType(info: GraphQLResolveInfo, result: unknown): GraphQLObjectType | null {
  const named = getNamedType(info.returnType);
  if (isObjectType(named)) return named;
  if (!isAbstractType(named) || result === null || typeof result !== 'object') return null;
  const concrete = (Array.isArray(result) ? result[0] : result)?.__typename;
  const t = typeof concrete === 'string' ? info.schema.getType(concrete) : null;
  return t && isObjectType(t) ? t : null;
}
