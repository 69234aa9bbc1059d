/**
 * graphql/entity-gate
 *
 * The one place that sees the requesting principal and every field and entity a response
 * returns — through lookups, `node(id)`, connections, nested links and subscription
 * payloads alike. As global middleware it applies the department's policy to each field
 * (allow, mask, deny; a declared purpose where the policy requires one), applies row
 * conditions to every entity returned (a row outside the principal's division is
 * returned as if it did not exist), stops work past the operation's deadline, and
 * records what was returned (type + national key) for the read audit.
 */
import { getNamedType, isLeafType, type GraphQLResolveInfo } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { Principal } from '../auth/principal.js';
import { divisionRange } from '../domain/divisions.js';
import { maskValue } from '../policy/masks.js';
import type { Policy } from '../policy/policy.js';
import { HubError, NotFoundError } from './errors.js';

/** Entity types and how to read their national key from a row. */
export const ENTITY_KEYS: Readonly<Record<string, (row: any) => string>> = {
  Enterprise: (r) => (r.uscc ? r.uscc : `REG:${r.regNo}`),
  Person: (r) => r.personHash,
  LandParcel: (r) => r.parcelCode,
  ParcelEvent: (r) => String(r.eventId),
  Project: (r) => r.projectCode,
  RealEstateUnit: (r) => r.unitCode,
  Registration: (r) => r.ywh,
  License: (r) => r.licenseId,
  CreditRecord: (r) => `${r.kind}|${r.docNo}`,
  Loan: (r) => `${r.lenderCode}|${r.contractNo}`,
  TaxProfile: (r) => r.tin,
  Alert: (r) => String(r.row?.id ?? r.id),
};

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

  /** Whether a row of `type` is visible to the principal under its department's row condition. */
  visible(type: string, row: { divisionCode?: string | null }): boolean {
    if (!this.range || !this.policy.rowsByDivision(this.principal.department, type)) return true;
    const d = row.divisionCode;
    return typeof d === 'string' && d >= this.range.from && d < this.range.to;
  }

  /** Admits rows of `type` into the response: invisible ones become null (or leave a list). */
  admit<T>(type: string, rows: T): T {
    const keyOf = ENTITY_KEYS[type];
    if (!keyOf || rows === null || rows === undefined) return rows;
    if (Array.isArray(rows)) {
      const kept = rows.filter((r) => r && typeof r === 'object' && this.visible(type, r));
      for (const r of kept) this.returned.add(`${type}:${keyOf(r)}`);
      return kept as T;
    }
    if (typeof rows !== 'object') return rows;
    if (!this.visible(type, rows as { divisionCode?: string | null })) return null as T;
    this.returned.add(`${type}:${keyOf(rows)}`);
    return rows;
  }
}

interface GateContext {
  gate: EntityGate;
  deadline: number;
  purpose: string | null;
}

/** Global middleware: deadline, field policy, purpose, masking, row conditions, audit record. */
export const entityGateMiddleware: MiddlewareFn<GateContext> = async ({ context, info }, next) => {
  if (Date.now() > context.deadline) throw new HubError('TIMEOUT', 'The operation ran out of time');
  const { gate } = context;
  const parent = info.parentType.name;
  const department = gate.principal.department;
  const access = gate.policy.access(department, parent, info.fieldName);
  if (access === 'deny') {
    throw new HubError(gate.principal.department ? 'FORBIDDEN' : 'UNAUTHENTICATED', `${parent}.${info.fieldName} is not available to you`, { reason: 'FIELD_DENIED' });
  }
  if (!context.purpose && gate.policy.purposeRequired(department, parent)) {
    throw new HubError('FORBIDDEN', `Reading ${parent} requires a declared purpose (X-Purpose header or a "purpose" extension)`, { reason: 'PURPOSE_REQUIRED' });
  }
  let result = await next();
  // Masking is for values (names, numbers); an object or list of objects has its own fields' policy.
  if (access === 'mask' && isLeafType(getNamedType(info.returnType))) result = maskValue(result);
  const type = entityTypeOf(info, result);
  if (!type) return result;
  const admitted = gate.admit(type, result);
  // A root lookup of a row the principal may not see answers exactly as for a row that does not exist.
  if (parent === 'Query' && admitted === null && result !== null && result !== undefined) throw new NotFoundError(type);
  return admitted;
};

/** The entity type a field returns: its declared type, or for `node(id)` the row's own. */
function entityTypeOf(info: GraphQLResolveInfo, result: unknown): string | null {
  const name = getNamedType(info.returnType).name;
  if (name in ENTITY_KEYS) return name;
  const concrete = (result as { __typename?: unknown } | null)?.__typename;
  return typeof concrete === 'string' && concrete in ENTITY_KEYS ? concrete : null;
}
