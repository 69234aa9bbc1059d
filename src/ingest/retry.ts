/**
 * ingest/retry
 *
 * Which failures of a sync run are transient — worth pulling again from the committed
 * cursor after a pause — and how long that pause is. Transient: a deadlock or
 * serialization failure, a lost or refused database connection, and a source that cut
 * the connection (CONNECTOR_UNAVAILABLE, retryable). Not transient: everything else,
 * including a source that did not answer in time (its time is already spent; the next
 * scheduled run resumes). Pure.
 */
import { ConnectorError } from '../../connectors/contract.js';
import { driverError, sqlStateOf } from '../db/errors.js';

export interface RetryPolicy {
  /** Consecutive failed attempts before the run fails; a committed batch resets the count. @default 5 */
  readonly attempts: number;
  /** First pause; doubles each attempt, with ±25 % jitter. @default 500 */
  readonly baseMs: number;
  /** Longest pause. @default 15000 */
  readonly maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 500, maxMs: 15_000 };

/** SQLSTATEs a retried transaction can get past: deadlock, serialization, lock timeout, connection and shutdown classes, too many connections. */
const TRANSIENT_STATES = /^(40P01|40001|55P03|57P01|57P02|57P03|53300|08\w{3})$/;
/** postgres.js and Node socket error codes for a connection that failed or went away. */
const TRANSIENT_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

export function isTransient(e: unknown): boolean {
  if (e instanceof ConnectorError) return e.retryable && e.code === 'CONNECTOR_UNAVAILABLE';
  const state = sqlStateOf(e);
  if (state) return TRANSIENT_STATES.test(state);
  const code = driverError(e)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

/** The pause before attempt `n` (1 = the first retry). */
export function backoffMs(policy: RetryPolicy, n: number, random = Math.random): number {
  const base = Math.min(policy.maxMs, policy.baseMs * 2 ** (n - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}
