/**
 * platform/request-log
 *
 * One structured log line per operation (pino), HTTP and WebSocket alike, from the report
 * the audit sink publishes once the operation's audit row is written: request id,
 * principal id (never its token), department, operation type and name, duration, SQL
 * statements and time, outcome code, and the error ids of masked errors (the same id the
 * client got and the error's own log line carries).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Logger } from 'pino';
import { CHANNEL, type OperationReport } from './channels.js';

/** Starts logging; returns the function that stops it. */
export function startRequestLog(log: Logger): () => void {
  const onOperation = (m: unknown) => {
    const r = m as OperationReport;
    log.info({
      requestId: r.requestId, principal: r.principalId, department: r.department, transport: r.transport, operationType: r.operationType,
      operationName: r.operationName, durationMs: Math.round(r.durationMs * 10) / 10, statements: r.statements, sqlMs: Math.round(r.sqlMs * 10) / 10,
      outcome: r.outcome, ...(r.errorIds.length ? { errorIds: r.errorIds } : {}), entities: r.entities,
    }, 'operation');
  };
  subscribe(CHANNEL.operation, onOperation);
  return () => unsubscribe(CHANNEL.operation, onOperation);
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `X-Request-Id` when it is a plausible id, else a new one. */
export function requestIdOf(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v && REQUEST_ID.test(v) ? v : crypto.randomUUID();
}
