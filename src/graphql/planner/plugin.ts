/**
 * planner/plugin
 *
 * The read planner in Apollo Server: a query operation whose every root field has a plan
 * is answered from its statements (`responseForOperation`), with no resolver, middleware
 * or per-field hook on the way; any other operation — and any planned one the statements
 * leave to the resolvers — executes as before. Parse and validation are Apollo's, cached
 * per document; the guards (safelist, cost, budget, concurrency) and the read audit run
 * around both paths alike.
 */
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Database } from '../../db/client.js';
import { chinaToday } from '../../domain/china-day.js';
import type { GraphQLContext } from '../context.js';
import { planFor } from './operation.js';
import { runPlan } from './run.js';

export interface PlannerOptions {
  readonly schema: GraphQLSchema;
  readonly database: Database;
  /** A statement that failed: logged, and the resolvers answer. */
  readonly onError: (e: unknown) => void;
  /** Off: every operation runs through the resolvers (the comparison tests use both). */
  enabled: boolean;
}

export const readPlanner = (o: PlannerOptions): ApolloServerPlugin<GraphQLContext> => ({
  async requestDidStart() {
    return {
      async responseForOperation(rc) {
        const ctx = rc.contextValue;
        if (!o.enabled || rc.operation?.operation !== 'query' || Date.now() > ctx.deadline) return null;
        const derive = { views: ctx.views, today: chinaToday(ctx.now()) };
        const plan = planFor(o.schema, rc.document, rc.request.operationName, ctx.gate, ctx.purpose !== null, derive, o.onError);
        if (!plan) return null;
        const data = await runPlan(o.schema, plan, rc.request.variables, o.database, ctx.gate, ctx.purpose !== null, o.onError);
        if (!data) return null;
        return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } };
      },
    };
  },
});
