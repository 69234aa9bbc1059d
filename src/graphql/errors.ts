/**
 * graphql/errors
 *
 * Errors clients may see, each with a stable `extensions.code`, and the formatter that
 * masks everything else: no SQL, no stack, no source data — an error id to quote to
 * support instead, with the details in the server log.
 */
import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

export type HubErrorCode =
  | 'BAD_USER_INPUT' | 'INVALID_IDENTIFIER' | 'INVALID_ID' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED'
  /** The request contradicts the current state (an alert already acknowledged, a rule name taken). */
  | 'CONFLICT'
  /** A live feature this transport or this hub does not offer (subscriptions over HTTP). */
  | 'UNSUPPORTED'
  /** A WebSocket connection already runs as many operations as it may. */
  | 'TOO_MANY_SUBSCRIPTIONS'
  /** The operation ran past its time limit. */
  | 'TIMEOUT'
  /** The operation is deeper, wider or costlier than the limits allow (`limit` says which). */
  | 'OPERATION_LIMIT'
  /** The read audit could not be written, so nothing was served. */
  | 'AUDIT_UNAVAILABLE'
  /** The caller used up its budget of lookups for now (`retryAfterSeconds` says when to try again). */
  | 'RATE_LIMITED';

/** An error whose message is written for clients. Never put a looked-up value in it. */
export class HubError extends GraphQLError {
  constructor(code: HubErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

export class NotFoundError extends HubError {
  constructor(type: string) {
    super('NOT_FOUND', `No ${type} with that key`, { type });
  }
}

export class InvalidIdentifierError extends HubError {
  constructor(kind: string, reason: string, message: string) {
    super('INVALID_IDENTIFIER', message, { kind, reason });
  }
}

/** A request refused before execution: answered with HTTP 400, or the status (and headers) given. */
export class RequestRefusedError extends HubError {
  constructor(code: HubErrorCode, message: string, extra: Record<string, unknown> = {}, http: { status: number; headers?: Map<string, string> } = { status: 400 }) {
    super(code, message, { ...extra, http });
  }
}

export class BadUserInputError extends HubError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super('BAD_USER_INPUT', message, extra);
  }
}

/** Codes that Apollo or graphql-js produce for request problems: safe to pass through. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'INTROSPECTION_DISABLED', 'MAX_RECURSIVE_SELECTIONS_EXCEEDED',
  'INVALID_IDENTIFIER', 'INVALID_ID', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'UNAUTHORIZED', 'CONFLICT', 'UNSUPPORTED', 'TOO_MANY_SUBSCRIPTIONS', 'TIMEOUT', 'OPERATION_LIMIT', 'AUDIT_UNAVAILABLE', 'RATE_LIMITED',
]);

/** graphql-js's messages for a literal argument value its input type refuses. */
const BAD_ARGUMENT_VALUE = /^(Field "[^"]+" is not defined by type "[^"]+"|Expected value of type "[^"]+", found |Field "[^"]+" of required type "[^"]+" was not provided|Enum "[^"]+" cannot represent|\w+ must be )/;

export interface ErrorLogger {
  error(obj: object, msg?: string): void;
}

export function createErrorFormatter(log: ErrorLogger) {
  return function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const original = unwrapResolverError(error);
    if (original instanceof HubError) {
      // `http` (a status for Apollo to answer with) is for the server, not the body.
      const { http: _status, ...extensions } = original.extensions;
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    let code = formatted.extensions?.code;
    // An argument's value the schema cannot take (an unknown filter field, a wrong enum, a bad date in the query text)
    // is bad input like any other, whether written into the query or passed as a variable.
    if (code === 'GRAPHQL_VALIDATION_FAILED' && BAD_ARGUMENT_VALUE.test(formatted.message)) {
      code = 'BAD_USER_INPUT';
      formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
    }
    if (typeof code === 'string' && PASS_THROUGH.has(code) && !(original instanceof Error && !(original instanceof GraphQLError))) {
      const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const errorId = randomUUID();
    log.error({ errorId, err: describe(original) }, 'masked GraphQL error');
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } };
  };
}

/** The error for the log: drizzle quotes every parameter after `params:` (request values), which is cut. */
function describe(e: unknown): object {
  if (!(e instanceof Error)) return { value: String(e) };
  const cause = (e as { cause?: unknown }).cause;
  const message = e.message.split('\nparams:')[0]!.slice(0, 2000);
  const stack = e.stack?.includes('\nparams:') ? undefined : e.stack;
  return { name: e.name, message, stack, cause: cause instanceof Error ? { name: cause.name, message: cause.message.slice(0, 500) } : undefined };
}
