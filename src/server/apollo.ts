/**
 * server/apollo
 *
 * Apollo Server options composed from named pieces: masked errors, no stack traces, no
 * APQ (it is not a safelist), no Federation inline traces, no batched requests unless the limits allow them (each
 * operation of a batch then passes every guard and is audited on its own), bounded
 * recursion.
 */
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { execute, validate, type GraphQLSchema } from 'graphql';
import { introspects, schemaFor } from '../graphql/department-schema.js';
import { readPlanner, type PlannerOptions } from '../graphql/planner/plugin.js';
import { cleanPurpose, type GraphQLContext } from '../graphql/context.js';
import type { AuditSink } from '../audit/audit-sink.js';
import type { OperationLimits } from '../config.js';
import { createErrorFormatter, RequestRefusedError, type ErrorLogger } from '../graphql/errors.js';
import type { PrincipalConcurrency } from './concurrency.js';
import { checkVariables, operationLimitRules, type OperationCheck } from './limits.js';

export interface ApolloOptions {
  readonly schema: GraphQLSchema;
  readonly log: ErrorLogger;
  /** Introspection and field suggestions. @default true (development) */
  readonly introspection?: boolean;
  readonly limits: OperationLimits;
  readonly audit: AuditSink;
  /** Text, cost and lookup budget: the checks WebSocket runs too. */
  readonly check: OperationCheck;
  /** Each principal's operations at once. */
  readonly concurrency: PrincipalConcurrency;
  /** Query operations compiled to SQL (graphql/planner). */
  readonly planner: PlannerOptions;
}

/**
 * Responses are never cached by intermediaries (the header Apollo's cache-control plugin
 * set, without that plugin's hook on every field), and every error names the request id
 * (the `X-Request-Id` the response carries, and the request log's line).
 */
const responseHeaders: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        response.http.headers.set('cache-control', 'no-store');
        if (response.body.kind !== 'single') return;
        const { errors } = response.body.singleResult;
        if (errors) response.body.singleResult.errors = errors.map((e) => ({ ...e, extensions: { ...e.extensions, requestId: contextValue.requestId } }));
      },
    };
  },
};

/**
 * Checks once the operation is known: the department's safelist, variables within their
 * size limit and holding only storable text, the cost, the caller's lookup budget, no
 * subscription over HTTP (it gets a clear error instead of a one-shot execution), and a
 * place among the caller's running operations.
 */
const requestGuards = (limits: OperationLimits, check: OperationCheck, concurrency: PrincipalConcurrency): ApolloServerPlugin<GraphQLContext> => ({
  async requestDidStart() {
    let release: (() => void) | null = null;
    return {
      async willSendResponse() {
        release?.();
      },
      async didResolveOperation({ operation, request, document, contextValue, source }) {
        if (!contextValue.policy.safelisted(contextValue.principal.department, source)) {
          throw new RequestRefusedError('FORBIDDEN', 'This department may run only its registered operations', { reason: 'NOT_SAFELISTED' });
        }
        // A purpose may come as a `purpose` extension as well as the X-Purpose header.
        contextValue.purpose ??= cleanPurpose((request.extensions as { purpose?: unknown } | undefined)?.purpose);
        checkVariables(request.variables, limits);
        // A subscription makes no lookups, so the budget in `check` never refuses it before this does.
        await check(contextValue.principal.id, document, request.operationName, request.variables);
        if (operation?.operation === 'subscription') {
          throw new RequestRefusedError('UNSUPPORTED', 'Subscriptions are served over WebSocket (graphql-transport-ws) on this same path');
        }
        // Last: a place among the principal's running operations, held until the response leaves.
        release = await concurrency.acquire(contextValue.principal.id);
      },
    };
  },
});

/**
 * Every operation that reached execution or was refused by validation gets its audit row
 * before the response leaves; if the row cannot be written, the response is replaced by
 * AUDIT_UNAVAILABLE (503) — no data without an audit record.
 */
const auditEveryOperation = (audit: AuditSink): ApolloServerPlugin<GraphQLContext> => ({
  async requestDidStart() {
    const startedAt = performance.now();
    return {
      async willSendResponse(rc) {
        const body = rc.response.body;
        if (body.kind !== 'single') return;
        const op = {
          transport: 'http' as const, operationType: rc.operation?.operation ?? 'unknown', operationName: rc.request.operationName ?? rc.operation?.name?.value ?? null,
          document: rc.source ?? rc.request.query ?? '', variables: rc.request.variables, startedAt,
        };
        const result = await audit.recordOrRefuse(rc.contextValue, op, body.singleResult as never);
        if (result !== (body.singleResult as unknown)) {
          body.singleResult = { errors: result.errors!.map((e) => ({ message: e.message, extensions: { ...e.extensions } })) };
          rc.response.http.status = 503;
        }
      },
    };
  },
});

/**
 * An operation that introspects runs against the department's own schema: its docs show
 * only the operations, types and fields its policy grants (graphql/department-schema).
 */
const departmentIntrospection = (schema: GraphQLSchema): ApolloServerPlugin<GraphQLContext> => ({
  async requestDidStart() {
    return {
      async responseForOperation(rc) {
        if (!introspects(rc.document)) return null;
        const seen = schemaFor(schema, rc.contextValue.policy, rc.contextValue.principal.department);
        if (!seen) {
          const singleResult = { errors: [{ message: 'No part of the graph is open to you', extensions: { code: 'FORBIDDEN', reason: 'OPERATION_DENIED' } }] };
          return { http: { status: 403, headers: new HeaderMap() }, body: { kind: 'single', singleResult } };
        }
        const invalid = validate(seen, rc.document);
        const singleResult = invalid.length
          ? { errors: invalid.map((e) => ({ message: e.message, locations: e.locations, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) }
          : await execute({ schema: seen, document: rc.document, variableValues: rc.request.variables, operationName: rc.request.operationName, contextValue: rc.contextValue });
        return { http: { status: invalid.length ? 400 : undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult } };
      },
    };
  },
});

export function createApollo(o: ApolloOptions): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    schema: o.schema,
    formatError: createErrorFormatter(o.log),
    includeStacktraceInErrorResponses: false,
    introspection: o.introspection ?? true,
    hideSchemaDetailsFromClientErrors: !(o.introspection ?? true),
    persistedQueries: false,
    allowBatchedHttpRequests: o.limits.maxBatchSize > 0,
    csrfPrevention: true,
    maxRecursiveSelections: true,
    parseOptions: { maxTokens: o.limits.maxTokens },
    validationRules: operationLimitRules(o.limits),
    plugins: [
      // No Federation inline traces (ftv1): per-field timings and error texts are not for a gateway to collect.
      ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), ApolloServerPluginInlineTraceDisabled(), responseHeaders, requestGuards(o.limits, o.check, o.concurrency),
      departmentIntrospection(o.schema), readPlanner(o.planner), auditEveryOperation(o.audit),
    ],
  });
}
