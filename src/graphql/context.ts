/**
 * graphql/context
 *
 * What every resolver sees: the requesting principal, this request's loaders, and the
 * entity gate through which every returned entity passes.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { IngestOps } from '../ingest/ops.js';
import { EntityGate, type Principal } from './entity-gate.js';
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
}

export interface ContextServices {
  readonly hashPerson: (idNumber: string) => string;
  readonly ops: IngestOps;
  readonly sourceConnector: (sourceId: string) => string;
}

export const ANONYMOUS: Principal = { id: 'anonymous', kind: 'anonymous', department: null };

/** A fresh context: new loaders and a new gate for every request (and every subscription event). */
export function createContext(db: Db, services: ContextServices, principal: Principal = ANONYMOUS): GraphQLContext {
  return { requestId: randomUUID(), db, principal, loaders: createLoaders(db), gate: new EntityGate(principal), ...services };
}
