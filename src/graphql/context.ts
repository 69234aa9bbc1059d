/**
 * graphql/context
 *
 * What every resolver sees: the requesting principal, this request's loaders, and the
 * entity gate through which every returned entity passes.
 */
import { randomUUID } from 'node:crypto';
import type { LogBus } from '../alerts/bus.js';
import type { QueueLimits } from '../alerts/stream.js';
import type { Db } from '../db/client.js';
import type { IngestOps } from '../ingest/ops.js';
import { ANONYMOUS, type Principal } from '../auth/principal.js';
import type { Policy } from '../policy/policy.js';
import type { ViewSettings } from '../views/settings.js';
import { EntityGate } from './entity-gate.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface GraphQLContext {
  readonly requestId: string;
  readonly db: Db;
  readonly principal: Principal;
  readonly loaders: Loaders;
  readonly gate: EntityGate;
  /** ID number → person link key (the server holds the key). */
  readonly hashPerson: (idNumber: string) => string;
  /** The ingest ledger's operations (reprocess, source freshness). */
  readonly ops: IngestOps;
  /** The connector kind of a configured source id (the source-priority rule ranks kinds). */
  readonly sourceConnector: (sourceId: string) => string;
  /** This process's event-log bus (null when the hub runs without subscriptions). */
  readonly events: LogBus | null;
  /** How far one subscription may fall behind before its connection is dropped. */
  readonly queueLimits: QueueLimits;
  readonly now: () => Date;
  /** The WebSocket an operation arrived on (null over HTTP). */
  readonly connection: LiveConnection | null;
  /** Operation time limit; resolvers starting later fail with TIMEOUT. */
  readonly timeoutMs: number;
  /** The departments' field and row policy. */
  readonly policy: Policy;
  readonly keys: KeyAdmin;
  /** The reform views' rules (config `views`). */
  readonly views: ViewSettings;
  /** Why the caller reads (X-Purpose header or a `purpose` extension), when declared. */
  purpose: string | null;
  /** When this operation (or subscription event) runs out of time, ms since the epoch. */
  readonly deadline: number;
}

/** What a subscription may do to its own connection. */
export interface LiveConnection {
  /** Closes the connection (a consumer too slow to keep up). */
  drop(code: number, reason: string): void;
  /** Whether the connection's credentials are still good (not revoked, not expired). */
  authorised(): Promise<boolean>;
}

export interface ContextServices {
  readonly hashPerson: (idNumber: string) => string;
  readonly ops: IngestOps;
  readonly sourceConnector: (sourceId: string) => string;
  readonly events: LogBus | null;
  readonly queueLimits: QueueLimits;
  readonly timeoutMs: number;
  readonly policy: Policy;
  /** API key management (create, revoke). */
  readonly keys: KeyAdmin;
  readonly now: () => Date;
  readonly views: ViewSettings;
}

export interface KeyAdmin {
  createKey(k: { department: string; division: string | null; label: string | null; expiresAt: Date | null }): Promise<{ id: string; token: string }>;
  revokeKey(id: string): Promise<boolean>;
}

/** A fresh context: new loaders and a new gate for every request (and every subscription event). */
export function createContext(
  db: Db,
  services: ContextServices,
  principal: Principal = ANONYMOUS,
  connection: LiveConnection | null = null,
  purpose: string | null = null,
  requestId: string = randomUUID(),
): GraphQLContext {
  return withLoaders({
    requestId, db, principal, gate: new EntityGate(principal, services.policy), connection, purpose: cleanPurpose(purpose),
    deadline: Date.now() + services.timeoutMs, ...services,
  });
}

/** A declared purpose as stored: trimmed, at most 200 characters, or null. */
export function cleanPurpose(purpose: unknown): string | null {
  if (typeof purpose !== 'string') return null;
  const p = purpose.trim().slice(0, 200);
  return p.length > 0 ? p : null;
}

/** A purpose sent as the X-Purpose header: percent-encoded (a header carries ASCII only), or as it is when it does not decode. */
export function purposeFromHeader(h: string | string[] | undefined): string | null {
  const v = (Array.isArray(h) ? h[0] : h) ?? null;
  if (v === null) return null;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** The context for one subscription event: same principal and connection, new loaders and gate. */
export function contextForEvent(base: GraphQLContext): GraphQLContext {
  // Own fields only: the base's loaders (built or not) stay with it.
  const { [LOADERS]: _built, ...fields } = base as GraphQLContext & { [LOADERS]?: Loaders };
  return withLoaders({ ...fields, requestId: randomUUID(), gate: new EntityGate(base.principal, base.policy), deadline: Date.now() + base.timeoutMs });
}

const LOADERS = Symbol('loaders');

/**
 * Loaders are built on first use, by the object that asks: Apollo runs each operation on a
 * shallow clone of the context (same prototype), and an operation the read planner answers,
 * or an event whose selection links nothing, builds none.
 */
const lazyLoaders = {
  get loaders(): Loaders {
    const self = this as unknown as GraphQLContext & { [LOADERS]?: Loaders };
    return (self[LOADERS] ??= createLoaders(self.db));
  },
};

function withLoaders(ctx: Omit<GraphQLContext, 'loaders'>): GraphQLContext {
  return Object.assign(Object.create(lazyLoaders) as object, ctx) as GraphQLContext;
}
