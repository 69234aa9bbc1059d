/**
 * server/ws
 *
 * GraphQL over WebSocket (graphql-ws, `graphql-transport-ws`) on the HTTP server's own
 * port and path. Bounded: `connection_init` must arrive in time, messages have a size
 * limit (1009 past it), a connection holds a limited number of subscriptions, and a
 * subscription whose consumer falls behind is closed (1013) without holding up anyone
 * else. Documents are parsed and validated here so a bad one is an `error` message for
 * that operation, never a closed socket. Each subscription event executes with a new
 * context (new loaders, new entity gate); subscribers running the same operation with the
 * same variables as the same principal, division and purpose share that one execution per
 * event (10,000 sockets on a few dashboards' queries cost a few executions, not 10,000).
 * Queries are answered by the read planner where it can, as over HTTP (one statement per
 * root field). Errors are masked like HTTP's; every refusal is audited. A principal may
 * hold a bounded number of sockets (4403 past it) and run a bounded number of queries at
 * once; its credentials are checked again for every operation it starts and before every
 * event delivered, so a revoked or expired key gets UNAUTHENTICATED and no further
 * events. Each event's execution is server/ws-events.
 */
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import {
  execute, getOperationAST, GraphQLError, parse, specifiedRules, validate,
  type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema,
} from 'graphql';
import type { Context, SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { AuditSink } from '../audit/audit-sink.js';
import type { Principal } from '../auth/principal.js';
import type { Policy } from '../policy/policy.js';
import type { GraphQLContext, LiveConnection } from '../graphql/context.js';
import type { OperationLimits } from '../config.js';
import { introspects, schemaFor } from '../graphql/department-schema.js';
import { HubError } from '../graphql/errors.js';
import { withStatementStats } from '../db/statement-stats.js';
import { report, streamEvents, type StreamReport } from '../platform/channels.js';
import { answerQuery, type PlannerOptions } from '../graphql/planner/plugin.js';
import type { PrincipalConcurrency } from './concurrency.js';
import { CredentialConfirmations, DocumentCache, SharedResults } from './ws-caches.js';
import { credentialsOf, notAuthorised, purposeOf } from './ws-credentials.js';
import { auditOp, named, streamOf, subscribePerEvent } from './ws-events.js';
import { checkVariables, operationLimitRules, type OperationCheck } from './limits.js';

/** How long confirmed credentials stand before an event checks them again. */
const RECHECK_MS = 1000;

export interface WsLimits {
  /** `connection_init` must arrive within this; else close 4408. */
  readonly connectionInitTimeoutMs: number;
  /** Active subscriptions per connection; more get an `error` message (TOO_MANY_SUBSCRIPTIONS). */
  readonly maxSubscriptionsPerConnection: number;
  /** Largest message accepted; a larger one closes the socket with 1009. */
  readonly maxMessageBytes: number;
  /** Ping interval; a socket without a pong within as long again is terminated (0: off). */
  readonly keepAliveMs: number;
  /** Open sockets one principal may hold; more are closed 4403. */
  readonly maxConnectionsPerPrincipal: number;
}

export interface WsOptions {
  readonly server: Server;
  readonly path: string;
  readonly schema: GraphQLSchema;
  readonly limits: WsLimits;
  /** The operation limits HTTP applies too. */
  readonly operationLimits: OperationLimits;
  /** The principal of a connection from its `connection_init` payload; throwing refuses it (4403). */
  readonly authenticate: (params: Readonly<Record<string, unknown>> | undefined) => Promise<Principal>;
  /** Changes whenever this process revokes a key: confirmed credentials are then checked again at once. */
  readonly revocations: () => number;
  readonly context: (connection: LiveConnection, principal: Principal, purpose: string | null) => GraphQLContext;
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  readonly log: { warn(obj: object, msg?: string): void };
  readonly audit: AuditSink;
  /** For the departments' safelists. */
  readonly policy: Policy;
  /** Queries and subscription events compiled to SQL, as HTTP's queries (graphql/planner). */
  readonly planner: PlannerOptions;
  /** Text, cost and lookup budget: the checks HTTP runs too. */
  readonly check: OperationCheck;
  /** Each principal's operations at once (queries and mutations over the socket). */
  readonly concurrency: PrincipalConcurrency;
  /** A socket place among all hubs (platform/shared-limits); null: the quota is full. Absent: this hub's count alone. */
  readonly sharedSockets?: (principalId: string) => Promise<(() => unknown) | null>;
}

type WsContext = Context<Record<string, unknown> | undefined, { socket: import('ws').WebSocket; request: import('node:http').IncomingMessage; principal?: Principal }>;

export interface WsEndpoint {
  readonly connections: () => number;
  /** Shutting down: every socket is closed 1001 with the advice to reconnect and resume from its last cursor. */
  goAway(): void;
  dispose(): Promise<void>;
}

/** A parse or validation error with its stable code (a limit's own details kept, as Apollo keeps them over HTTP). */
const coded = (e: GraphQLError, code: string) =>
  new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { ...e.extensions, code } });

/** Everything besides the document and variables that changes an answer: who asks, from which division, and why. */
const principalKey = (c: GraphQLContext) => JSON.stringify([c.principal.kind, c.principal.id, c.principal.department, c.principal.division, c.purpose]);

export function attachWebSocket(o: WsOptions): WsEndpoint {
  const wss = new WebSocketServer({ server: o.server, path: o.path, maxPayload: o.limits.maxMessageBytes });
  const rules = [...specifiedRules, ...operationLimitRules(o.operationLimits)];
  const shared = new SharedResults();
  const documents = new DocumentCache(1000);
  const confirmations = new CredentialConfirmations(o.revocations, RECHECK_MS);
  const format = (errors: readonly GraphQLError[]) => errors.map((e) => o.formatError(e.toJSON(), e));
  /** A result whose errors are replaced by their client-safe form (once per shared execution). */
  const safe = (e: GraphQLError) => {
    const f = o.formatError(e.toJSON(), e);
    return new GraphQLError(f.message, { nodes: e.nodes, path: e.path, extensions: f.extensions });
  };
  const masked = (r: ExecutionResult): ExecutionResult => (r.errors ? { ...r, errors: r.errors.map(safe) } : r);
  /** Open sockets per principal id. */
  const sockets = new Map<string, number>();

  /** The checks an operation passes before it runs; a list of errors refuses it. */
  const admit = async (ctx: WsContext, payload: SubscribePayload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
    // Counted before anything awaits: the operations arriving meanwhile are counted too.
    if (Object.keys(ctx.subscriptions).length > o.limits.maxSubscriptionsPerConnection) {
      const max = o.limits.maxSubscriptionsPerConnection;
      return [new HubError('TOO_MANY_SUBSCRIPTIONS', `A connection may run at most ${max} operations at once`, { max })];
    }
    // Revoked, expired — or not confirmable right now (the key store unreachable): refused either way.
    const credentials = credentialsOf(ctx);
    // Named by a digest: the confirmations hold no secret.
    const presented = createHash('sha256').update(JSON.stringify(credentials)).digest('base64url');
    const authorised = () => confirmations.confirm(presented, () => o.authenticate(credentials).then(() => true, () => false));
    if (!(await authorised())) return [notAuthorised()];
    try {
      checkVariables(payload.variables, o.operationLimits);
    } catch (e) {
      return [e as HubError];
    }
    if (!o.policy.safelisted(ctx.extra.principal?.department ?? null, payload.query)) {
      return [new HubError('FORBIDDEN', 'This department may run only its registered operations', { reason: 'NOT_SAFELISTED' })];
    }
    let document = documents.get(payload.query);
    if (!document) {
      try {
        document = parse(payload.query, { maxTokens: o.operationLimits.maxTokens });
      } catch (e) {
        return [coded(e instanceof GraphQLError ? e : new GraphQLError('Syntax error'), 'GRAPHQL_PARSE_FAILED')];
      }
      const invalid = validate(o.schema, document, rules);
      if (invalid.length > 0) return invalid.map((e) => coded(e, 'GRAPHQL_VALIDATION_FAILED'));
      documents.set(payload.query, document);
    }
    if (!getOperationAST(document, payload.operationName)) {
      return [new GraphQLError('Unable to identify the operation to run', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
    }
    try {
      await o.check(ctx.extra.principal!.id, document, payload.operationName, payload.variables);
    } catch (e) {
      return [e as HubError];
    }
    const socket = ctx.extra.socket;
    // A dropped subscriber (a consumer too slow for its queue) is reported for the metrics.
    const drop = (code: number, reason: string) => {
      report<StreamReport>(streamEvents, { what: 'dropped', stream: streamOf(document, payload.operationName) });
      socket.close(code, reason);
    };
    const connection: LiveConnection = { drop, authorised };
    const contextValue = o.context(connection, ctx.extra.principal!, purposeOf(ctx, payload));
    shared.operationKeys.set(contextValue, JSON.stringify([payload.query, payload.operationName ?? null, payload.variables ?? null, principalKey(contextValue)]));
    // An operation that introspects sees the department's own schema, as over HTTP.
    if (introspects(document)) {
      const seen = schemaFor(o.schema, o.policy, ctx.extra.principal!.department);
      if (!seen) return [new HubError('FORBIDDEN', 'No part of the graph is open to you', { reason: 'OPERATION_DENIED' })];
      const invalid = validate(seen, document);
      if (invalid.length > 0) return invalid.map((e) => coded(e, 'GRAPHQL_VALIDATION_FAILED'));
      return { schema: seen, document, operationName: payload.operationName, variableValues: payload.variables, contextValue } satisfies ExecutionArgs;
    }
    return { schema: o.schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue } satisfies ExecutionArgs;
  };

  const disposable = useServer<Record<string, unknown> | undefined, { principal?: Principal }>(
    {
      schema: o.schema,
      connectionInitWaitTimeout: o.limits.connectionInitTimeoutMs,
      // The token travels in connection_init: { "authorization": "Bearer …" } (or a gateway's upgrade header). Refused → 4403.
      async onConnect(ctx) {
        let principal: Principal;
        try {
          principal = await o.authenticate(credentialsOf(ctx));
        } catch {
          return false;
        }
        const open = sockets.get(principal.id) ?? 0;
        if (open >= o.limits.maxConnectionsPerPrincipal) {
          ctx.extra.socket.close(4403, `Forbidden: at most ${o.limits.maxConnectionsPerPrincipal} connections per key`);
          return false;
        }
        sockets.set(principal.id, open + 1);
        const left = () => {
          const n = (sockets.get(principal.id) ?? 1) - 1;
          if (n > 0) sockets.set(principal.id, n);
          else sockets.delete(principal.id);
        };
        // Held on every hub too: a place in the shared count (a store that cannot answer refuses).
        const everywhere = o.sharedSockets ? await o.sharedSockets(principal.id).catch(() => null) : () => {};
        if (!everywhere) {
          left();
          ctx.extra.socket.close(4403, `Forbidden: at most ${o.limits.maxConnectionsPerPrincipal} connections per key across all hubs`);
          return false;
        }
        ctx.extra.socket.once('close', () => {
          void everywhere();
          left();
        });
        ctx.extra.principal = principal;
        return true;
      },
      async onSubscribe(ctx, _id, payload) {
        const outcome = await admit(ctx, payload);
        if (!Array.isArray(outcome)) return outcome as ExecutionArgs;
        // A refusal is an operation that did not run: audited like HTTP's (its error codes, no entities).
        const principal = ctx.extra.principal;
        if (principal) {
          const refused = o.context({ drop: () => {}, authorised: async () => false }, principal, purposeOf(ctx, payload));
          const codes = (outcome as readonly GraphQLError[]).map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
          await o.audit.refused(refused, { transport: 'ws', operationName: payload.operationName ?? null, document: payload.query, variables: payload.variables ?? null, codes });
        }
        return outcome as readonly GraphQLError[];
      },
      subscribe: (args) => subscribePerEvent(args, shared, masked, o.audit, o.planner),
      // Queries and mutations over the socket: errors masked, audited before they are sent.
      execute: async (args) => {
        const startedAt = performance.now();
        const ctx = args.contextValue as GraphQLContext;
        let release: () => void;
        try {
          release = await o.concurrency.acquire(ctx.principal.id);
        } catch (e) {
          return named(await o.audit.recordOrRefuse(ctx, auditOp(args, startedAt), masked({ errors: [e as GraphQLError] })), ctx.requestId);
        }
        try {
          return await withStatementStats({ statements: 0, sqlMs: 0 }, async () => {
            // A query the planner can answer is one statement per root field, as over HTTP.
            const data = await answerQuery(o.planner, args.document, args.operationName, args.variableValues, ctx);
            const result = masked(data ? { data } : ((await execute(args)) as ExecutionResult));
            return named(await o.audit.recordOrRefuse(ctx, auditOp(args, startedAt), result), ctx.requestId);
          });
        } finally {
          release();
        }
      },
      onError(_ctx, _id, _payload, errors) {
        return format(errors);
      },
    },
    wss,
    o.limits.keepAliveMs > 0 ? o.limits.keepAliveMs : Infinity,
  );

  // A socket error is a client's doing (an oversized or malformed frame): ws has already
  // closed with the right code (1009, 1002, …). Log it once, quietly, instead of the
  // library's console.error.
  wss.on('connection', (socket) => {
    socket.removeAllListeners('error');
    socket.on('error', (err) => o.log.warn({ code: (err as { code?: string }).code, err: err.message }, 'websocket closed on a bad frame'));
  });

  return {
    connections: () => wss.clients.size,
    goAway() {
      for (const socket of wss.clients) socket.close(1001, 'Server shutting down: reconnect and resume from your last cursor');
    },
    async dispose() {
      await disposable.dispose();
      for (const socket of wss.clients) socket.terminate();
    },
  };
}
