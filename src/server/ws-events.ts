/**
 * server/ws-events
 *
 * Subscriptions over the socket, one execution per event: each event runs with a fresh
 * context (new loaders and entity gate) as a request would — through the read planner's
 * statement when the subscription has a plan (graphql/planner: the event's row read again
 * for the selection, the access model inside), else through the resolvers — is audited as
 * a read, counts its SQL statements, and is reported delivered (platform/channels).
 * Subscribers that share the operation, variables and principal share that one execution.
 */
import { createSourceEventStream, execute, getOperationAST, GraphQLError, Kind, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { AuditSink } from '../audit/audit-sink.js';
import { withStatementStats } from '../db/statement-stats.js';
import { contextForEvent, type GraphQLContext } from '../graphql/context.js';
import { answerEvent, type PlannerOptions } from '../graphql/planner/plugin.js';
import { report, streamEvents, type StreamReport } from '../platform/channels.js';
import type { SharedResults } from './ws-caches.js';
import { notAuthorised } from './ws-credentials.js';

/** What a subscription streams, for the metrics: its root field (`alerts`, `entityChanged`). */
export const streamOf = (document: DocumentNode, operationName?: string | null): string =>
  getOperationAST(document, operationName)?.selectionSet.selections.find((s) => s.kind === Kind.FIELD)?.name.value ?? 'unknown';

/** `result` with the operation's request id in every error, as over HTTP. */
export const named = (result: ExecutionResult, requestId: string): ExecutionResult =>
  result.errors
    ? { ...result, errors: result.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, path: e.path, extensions: { ...e.extensions, requestId } })) }
    : result;

/** The audit description of an operation run over the socket. */
export function auditOp(args: ExecutionArgs, startedAt: number, operationType?: string) {
  const op = getOperationAST(args.document, args.operationName);
  return {
    transport: 'ws' as const, operationType: operationType ?? op?.operation ?? 'unknown', operationName: args.operationName ?? op?.name?.value ?? null,
    document: args.document.loc?.source.body ?? '', variables: args.variableValues, startedAt,
  };
}

/**
 * graphql-js `subscribe`, except that each event executes with a fresh context (new
 * loaders and entity gate), as a request would — once for all subscribers that share the
 * operation, variables and principal.
 */
export async function subscribePerEvent(
  args: ExecutionArgs,
  shared: SharedResults,
  masked: (r: ExecutionResult) => ExecutionResult,
  audit: AuditSink,
  planner: PlannerOptions,
): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  const startedAt = performance.now();
  const source0 = await createSourceEventStream(args);
  const base0 = args.contextValue as GraphQLContext;
  // The subscription itself is an operation: audited (fail closed) when it starts.
  const started = await audit.recordOrRefuse(base0, auditOp(args, startedAt), Symbol.asyncIterator in (source0 as object) ? {} : masked(source0 as ExecutionResult));
  if (!(Symbol.asyncIterator in (source0 as object))) return started;
  if (started.errors) {
    await (source0 as AsyncIterator<unknown>).return?.();
    return started;
  }
  const source = source0 as AsyncIterator<unknown> & AsyncIterable<unknown>;
  const base = args.contextValue as GraphQLContext;
  const key = shared.operationKeys.get(base);
  // Each event is a read: one audit row per shared execution (same principal, operation, variables).
  const run = (payload: unknown) =>
    shared.get(payload, key, () => withStatementStats({ statements: 0, sqlMs: 0 }, async () => {
      const eventStarted = performance.now();
      const contextValue = contextForEvent(base);
      const data = await answerEvent(planner, args.document, args.operationName, payload, contextValue);
      const result = masked(data ? { data } : ((await execute({ ...args, rootValue: payload, contextValue })) as ExecutionResult));
      return named(await audit.recordOrRefuse(contextValue, auditOp(args, eventStarted, 'subscription-event'), result), contextValue.requestId);
    }));
  const stream = streamOf(args.document, args.operationName);
  const done = async (): Promise<IteratorResult<ExecutionResult>> => {
    await source.return?.();
    return { value: undefined, done: true };
  };
  let revoked = false;
  const it: AsyncGenerator<ExecutionResult> = {
    async next() {
      if (revoked) return done();
      const r = await source.next();
      if (r.done) return { value: undefined, done: true };
      // Credentials revoked or expired since the subscription started: this error is its last message.
      if (base.connection && !(await base.connection.authorised())) {
        revoked = true;
        return { value: masked({ errors: [notAuthorised()] }), done: false };
      }
      const value = await run(r.value);
      report<StreamReport>(streamEvents, { what: 'delivered', stream });
      return { value, done: false };
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
