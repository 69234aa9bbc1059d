/**
 * planner/plugin
 *
 * The read planner in Apollo Server: a query operation whose every root field has a plan
 * is answered from its statements (`responseForOperation`), with no resolver, middleware
 * or per-field hook on the way; any other operation — and any planned one the statements
 * leave to the resolvers — executes as before. Parse and validation are Apollo's, cached
 * per document; the guards (safelist, cost, budget, concurrency) and the read audit run
 * around both paths alike. Subscription events find their plan the same way
 * (`planForContext`, server/ws-events).
 */
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Database } from '../../db/client.js';
import { chinaToday } from '../../domain/china-day.js';
import type { GraphQLContext } from '../context.js';
import { planFor, type OperationPlan } from './operation.js';
import { runPlan } from './run.js';

export interface PlannerOptions {
  readonly schema: GraphQLSchema;
  readonly database: Database;
  /** A statement that failed: logged, and the resolvers answer. */
  readonly onError: (e: unknown) => void;
  /** Off: every operation runs through the resolvers (the comparison tests use both). */
  enabled: boolean;
}

/** The cached plan of an operation for this request's (or event's) principal, purpose and day; null: the resolvers answer. */
export function planForContext(o: PlannerOptions, document: DocumentNode, operationName: string | null | undefined, ctx: GraphQLContext): OperationPlan | null {
  const derive = { views: ctx.views, today: chinaToday(ctx.now()) };
  return planFor(o.schema, document, operationName, ctx.gate, ctx.purpose !== null, derive, o.onError);
}

export const readPlanner = (o: PlannerOptions): ApolloServerPlugin<GraphQLContext> => ({
  async requestDidStart() {
    return {
      async responseForOperation(rc) {
        const ctx = rc.contextValue;
        if (!o.enabled || rc.operation?.operation !== 'query' || Date.now() > ctx.deadline) return null;
        const plan = planForContext(o, rc.document, rc.request.operationName, ctx);
        if (!plan) return null;
        const data = await runPlan(o.schema, plan, rc.request.variables, o.database, ctx.gate, ctx.purpose !== null, o.onError);
        if (!data) return null;
        return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } };
      },
    };
  },
});
