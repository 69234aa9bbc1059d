/**
 * server/ws
 *
 * GraphQL over WebSocket (graphql-ws, `graphql-transport-ws`) on the HTTP server's own
 * port and path. Bounded: `connection_init` must arrive in time, messages have a size
 * limit (1009 past it), a connection holds a limited number of subscriptions, and a
 * subscription whose consumer falls behind is closed (1013) without holding up anyone
 * else. Documents are parsed and validated here so a bad one is an `error` message for
 * that operation, never a closed socket. Each subscription event executes with a new
 * context (new loaders, new entity gate); errors are masked like HTTP's.
 */
import type { Server } from 'node:http';
import {
  createSourceEventStream, execute, getOperationAST, GraphQLError, parse, specifiedRules, validate,
  type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { contextForEvent, type GraphQLContext, type LiveConnection } from '../graphql/context.js';

export interface WsLimits {
  /** `connection_init` must arrive within this; else close 4408. */
  readonly connectionInitTimeoutMs: number;
  /** Active subscriptions per connection; more get an `error` message (TOO_MANY_SUBSCRIPTIONS). */
  readonly maxSubscriptionsPerConnection: number;
  /** Largest message accepted; a larger one closes the socket with 1009. */
  readonly maxMessageBytes: number;
  /** Tokens a document may hold (as over HTTP). */
  readonly maxTokens: number;
}

export interface WsOptions {
  readonly server: Server;
  readonly path: string;
  readonly schema: GraphQLSchema;
  readonly limits: WsLimits;
  readonly context: (connection: LiveConnection) => GraphQLContext;
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

export interface WsEndpoint {
  readonly connections: () => number;
  dispose(): Promise<void>;
}

const coded = (e: GraphQLError, code: string) => new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { code } });

export function attachWebSocket(o: WsOptions): WsEndpoint {
  const wss = new WebSocketServer({ server: o.server, path: o.path, maxPayload: o.limits.maxMessageBytes });
  const rules = [...specifiedRules];
  const format = (errors: readonly GraphQLError[]) => errors.map((e) => o.formatError(e.toJSON(), e));

  const disposable = useServer<Record<string, unknown> | undefined, { socket: import('ws').WebSocket }>(
    {
      schema: o.schema,
      connectionInitWaitTimeout: o.limits.connectionInitTimeoutMs,
      onSubscribe(ctx, _id, payload) {
        if (Object.keys(ctx.subscriptions).length > o.limits.maxSubscriptionsPerConnection) {
          return [new GraphQLError(`A connection may hold at most ${o.limits.maxSubscriptionsPerConnection} operations at once`, {
            extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', max: o.limits.maxSubscriptionsPerConnection },
          })];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: o.limits.maxTokens });
        } catch (e) {
          return [coded(e instanceof GraphQLError ? e : new GraphQLError('Syntax error'), 'GRAPHQL_PARSE_FAILED')];
        }
        const invalid = validate(o.schema, document, rules);
        if (invalid.length > 0) return invalid.map((e) => coded(e, 'GRAPHQL_VALIDATION_FAILED'));
        if (!getOperationAST(document, payload.operationName)) {
          return [new GraphQLError('Unable to identify the operation to run', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
        }
        const socket = ctx.extra.socket;
        const connection: LiveConnection = { drop: (code, reason) => socket.close(code, reason) };
        return {
          schema: o.schema, document, operationName: payload.operationName, variableValues: payload.variables,
          contextValue: o.context(connection),
        } satisfies ExecutionArgs;
      },
      subscribe: subscribePerEvent,
      onNext(_ctx, _id, _payload, _args, result) {
        const r = result as ExecutionResult;
        return r.errors ? { ...r, errors: format(r.errors) } : undefined;
      },
      onError(_ctx, _id, _payload, errors) {
        return format(errors);
      },
    },
    wss,
  );

  return {
    connections: () => wss.clients.size,
    async dispose() {
      await disposable.dispose();
    },
  };
}

/**
 * graphql-js `subscribe`, except that each event executes with a fresh context (new
 * loaders and entity gate), as a request would.
 */
async function subscribePerEvent(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in (stream as object))) return stream as ExecutionResult;
  const source = stream as AsyncIterator<unknown> & AsyncIterable<unknown>;
  const base = args.contextValue as GraphQLContext;
  const run = (payload: unknown) => execute({ ...args, rootValue: payload, contextValue: contextForEvent(base) }) as Promise<ExecutionResult>;
  const done = async (): Promise<IteratorResult<ExecutionResult>> => {
    await source.return?.();
    return { value: undefined, done: true };
  };
  const it: AsyncGenerator<ExecutionResult> = {
    async next() {
      const r = await source.next();
      return r.done ? { value: undefined, done: true } : { value: await run(r.value), done: false };
    },
    return: done,
    async throw(e: unknown) {
      await source.return?.();
      throw e;
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  } as AsyncGenerator<ExecutionResult>;
  return it;
}
