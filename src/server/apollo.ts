/**
 * server/apollo
 *
 * Apollo Server options composed from named pieces: masked errors, no stack traces, no
 * APQ (it is not a safelist), no batched requests, bounded recursion.
 */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { createErrorFormatter, HubError, type ErrorLogger } from '../graphql/errors.js';

/** Tokens a GraphQL document may hold, over HTTP and WebSocket alike. */
export const MAX_TOKENS = 5000;

export interface ApolloOptions {
  readonly schema: GraphQLSchema;
  readonly log: ErrorLogger;
  /** Introspection and field suggestions. @default true (development) */
  readonly introspection?: boolean;
}

/** A subscription sent over HTTP gets a clear error instead of a one-shot execution. */
const subscriptionsOverWebSocketOnly: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new HubError('UNSUPPORTED', 'Subscriptions are served over WebSocket (graphql-transport-ws) on this same path');
        }
      },
    };
  },
};

export function createApollo(o: ApolloOptions): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    schema: o.schema,
    formatError: createErrorFormatter(o.log),
    includeStacktraceInErrorResponses: false,
    introspection: o.introspection ?? true,
    hideSchemaDetailsFromClientErrors: !(o.introspection ?? true),
    persistedQueries: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    maxRecursiveSelections: true,
    parseOptions: { maxTokens: MAX_TOKENS },
    plugins: [ApolloServerPluginLandingPageDisabled(), subscriptionsOverWebSocketOnly],
  });
}
