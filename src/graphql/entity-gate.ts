/**
 * graphql/entity-gate
 *
 * The one place that sees the requesting principal and every entity a response returns —
 * through lookups, `node(id)`, connections and nested links alike. It records what was
 * returned (type + national key) for the read audit, and is where department policies
 * (allow, mask, deny, row conditions) are applied.
 */
import { getNamedType, type GraphQLResolveInfo } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import { HubError } from './errors.js';

export interface Principal {
  readonly id: string;
  readonly kind: 'anonymous' | 'api-key' | 'jwt' | 'system';
  readonly department: string | null;
}

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
};

export class EntityGate {
  /** `Type:key` of every entity returned so far in this operation. */
  readonly returned = new Set<string>();
  constructor(readonly principal: Principal) {}

  /** Admits rows of `type` into the response. The policy hook: today every row is allowed. */
  admit<T>(type: string, rows: T): T {
    const keyOf = ENTITY_KEYS[type];
    if (!keyOf || rows === null || rows === undefined) return rows;
    for (const row of Array.isArray(rows) ? rows : [rows]) {
      if (row && typeof row === 'object') this.returned.add(`${type}:${keyOf(row)}`);
    }
    return rows;
  }
}

/** Global middleware: stops work past the operation's deadline, and routes every entity-typed result through the gate. */
export const entityGateMiddleware: MiddlewareFn<{ gate: EntityGate; deadline: number }> = async ({ context, info }, next) => {
  if (Date.now() > context.deadline) throw new HubError('TIMEOUT', 'The operation ran out of time');
  const result = await next();
  const type = entityTypeOf(info);
  return type ? context.gate.admit(type, result) : result;
};

function entityTypeOf(info: GraphQLResolveInfo): string | null {
  const name = getNamedType(info.returnType).name;
  return name in ENTITY_KEYS ? name : null;
}
