/**
 * audit/audit-sink
 *
 * What both transports call once an operation (or a subscription event) has a result:
 * one audit row with the principal, the operation, the redacted variables, the entities
 * the entity gate saw returned, the duration and the outcome — and, once written, the same
 * operation reported to the request log and the metrics (platform/channels). `recordOrRefuse` is the
 * fail-closed form: if the row cannot be written, the caller gets a result that serves
 * nothing (`AUDIT_UNAVAILABLE`) instead of the data.
 */
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { GraphQLError } from 'graphql';
import type { Db } from '../db/client.js';
import { driverError, sqlStateOf } from '../db/errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import { AuditWriter } from './audit-log.js';
import { currentStatementStats } from '../db/statement-stats.js';
import { operations, report, type OperationReport } from '../platform/channels.js';
import { redactVariables } from './redaction.js';

export interface AuditedOperation {
  readonly transport: 'http' | 'ws';
  readonly operationType: string;
  readonly operationName: string | null;
  readonly document: string;
  readonly variables: unknown;
  readonly startedAt: number;
  readonly errors: readonly { extensions?: Record<string, unknown> }[] | undefined;
}

export interface AuditSink {
  /** Writes the row; throws when it cannot. */
  record(ctx: GraphQLContext, op: AuditedOperation): Promise<void>;
  /** The result to send: `result` if its row was written, else an AUDIT_UNAVAILABLE error and no data. */
  recordOrRefuse(ctx: GraphQLContext, op: Omit<AuditedOperation, 'errors'>, result: ExecutionResult): Promise<ExecutionResult>;
  /** A request refused before it ran, on either transport: recorded with its error codes. The refusal stands if the row cannot be written (logged). */
  refused(ctx: GraphQLContext, op: Pick<AuditedOperation, 'transport' | 'operationName' | 'document' | 'variables'> & { readonly codes: readonly string[] }): Promise<void>;
}

export const AUDIT_UNAVAILABLE_MESSAGE = 'The read audit cannot be written: nothing is served without it';

export function createAuditSink(db: Db, log: { error(obj: object, msg?: string): void }, now: () => Date = () => new Date(), schema: GraphQLSchema | null = null): AuditSink {
  const writer = new AuditWriter(db);
  const sink: AuditSink = {
    async record(ctx, op) {
      const durationMs = performance.now() - op.startedAt;
      const errorCodes = (op.errors ?? []).map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
      const writeStarted = performance.now();
      await writer.append({
        at: now(), principalId: ctx.principal.id, department: ctx.principal.department, transport: op.transport, operationType: op.operationType,
        operationName: op.operationName, document: op.document, variables: redactVariables(schema, op.document, op.variables, op.operationName), entities: ctx.gate.returned,
        durationMs, outcome: op.errors?.length ? 'error' : 'ok', errorCodes, purpose: ctx.purpose,
      });
      const sql = currentStatementStats();
      report<OperationReport>(operations, {
        requestId: ctx.requestId, principalId: ctx.principal.id, department: ctx.principal.department, transport: op.transport, operationType: op.operationType,
        operationName: op.operationName, durationMs, outcome: errorCodes[0] ?? 'ok', errorCodes,
        errorIds: (op.errors ?? []).map((e) => e.extensions?.errorId).filter((id): id is string => typeof id === 'string'),
        statements: sql?.statements ?? 0, sqlMs: sql?.sqlMs ?? 0, auditMs: performance.now() - writeStarted, entities: ctx.gate.returned.size,
      });
    },
    async refused(ctx, { codes, ...op }) {
      const errors = codes.map((code) => ({ extensions: { code } }));
      await sink.record(ctx, { ...op, operationType: 'refused', startedAt: performance.now(), errors })
        .catch((e: unknown) => log.error({ requestId: ctx.requestId, principal: ctx.principal.id, failure: failureOf(e) }, 'read audit write failed for a refused request'));
    },
    async recordOrRefuse(ctx, op, result) {
      try {
        await sink.record(ctx, { ...op, errors: result.errors as AuditedOperation['errors'] });
        return result;
      } catch (e) {
        // The failed row's values (entity keys, variables) are audited content: the log names only the failure.
        log.error({ requestId: ctx.requestId, principal: ctx.principal.id, failure: failureOf(e) }, 'read audit write failed: refusing the read');
        return { errors: [new GraphQLError(AUDIT_UNAVAILABLE_MESSAGE, { extensions: { code: 'AUDIT_UNAVAILABLE' } })] };
      }
    },
  };
  return sink;
}

/**
 * What went wrong, without the statement or its parameters: the driver's error class and
 * SQLSTATE (drizzle wraps it; its own message quotes the whole insert with every value).
 */
export function failureOf(e: unknown): { kind: string; sqlState?: string } {
  const sqlState = sqlStateOf(e);
  return { kind: driverError(e)?.name ?? 'Error', ...(sqlState ? { sqlState } : {}) };
}
