/**
 * planner/plugin
 *
 * The read planner in Apollo Server: a query operation whose every root field has a plan
 * is answered from its statements (`responseForOperation`), with no resolver, middleware
 * or per-field hook on the way; any other operation — and any planned one the statements
 * leave to the resolvers — executes as before. Parse and validation are Apollo's, cached
 * per document; the guards (safelist, cost, budget, concurrency) and the read audit run
 * around both paths alike. Queries over the WebSocket are answered the same way
 * (`answerQuery`, server/ws), and subscription events by `answerEvent` (server/ws-events).
 */
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { getOperationAST, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Database } from '../../db/client.js';
import { chinaToday } from '../../domain/china-day.js';
import type { GraphQLContext } from '../context.js';
import { planFor, type OperationPlan } from './operation.js';
import { runEventPlan, runPlan } from './run.js';

export interface PlannerOptions {
  readonly schema: GraphQLSchema;
  readonly database: Database;
  /** A statement that failed: logged, and the resolvers answer. */
  readonly onError: (e: unknown) => void;
  /** Off: every operation runs through the resolvers (the comparison tests use both). */
  enabled: boolean;
}

/** The cached plan of an operation for this request's (or event's) principal, purpose and day; null: the resolvers answer. */
function planForContext(o: PlannerOptions, document: DocumentNode, operationName: string | null | undefined, ctx: GraphQLContext): OperationPlan | null {
  const derive = { views: ctx.views, today: chinaToday(ctx.now()) };
  return planFor(o.schema, document, operationName, ctx.gate, ctx.purpose !== null, derive, o.onError);
}

/**
 * A query operation's `data` from its plan for this request's context, or null when the
 * resolvers are to answer it: the planner off, not a query, past the deadline, no plan, or
 * a plan that left the answer to them. HTTP (below) and the WebSocket ask the same way.
 */
export async function answerQuery(
  o: PlannerOptions, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined, ctx: GraphQLContext,
): Promise<Record<string, unknown> | null> {
  if (!o.enabled || getOperationAST(document, operationName)?.operation !== 'query' || Date.now() > ctx.deadline) return null;
  const plan = planForContext(o, document, operationName, ctx);
  return plan && runPlan(o.schema, plan, variables ?? undefined, o.database, ctx.gate, ctx.purpose !== null, o.onError);
}

/** A subscription event's `data` from the subscription's plan for this event's context, or null when the resolvers are to answer it. */
export async function answerEvent(
  o: PlannerOptions, document: DocumentNode, operationName: string | null | undefined, payload: unknown, ctx: GraphQLContext,
): Promise<Record<string, unknown> | null> {
  if (!o.enabled) return null;
  const plan = planForContext(o, document, operationName, ctx);
  return plan && runEventPlan(plan, payload, o.database, ctx.gate, o.onError);
}

export const readPlanner = (o: PlannerOptions): ApolloServerPlugin<GraphQLContext> => ({
  async requestDidStart() {
    return {
      async responseForOperation(rc) {
        const data = await answerQuery(o, rc.document, rc.request.operationName, rc.request.variables, rc.contextValue);
        if (!data) return null;
        return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } };
      },
    };
  },
});
