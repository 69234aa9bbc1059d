/**
 * server/apollo
 *
 * Apollo Server options composed from named pieces: masked errors, no stack traces, no
 * APQ (it is not a safelist), no batched requests, bounded recursion.
 */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { cleanPurpose, type GraphQLContext } from '../graphql/context.js';
import type { OperationLimits } from '../config.js';
import { createErrorFormatter, RequestRefusedError, type ErrorLogger } from '../graphql/errors.js';
import { checkCost, checkVariables, operationLimitRules } from './limits.js';

export interface ApolloOptions {
  readonly schema: GraphQLSchema;
  readonly log: ErrorLogger;
  /** Introspection and field suggestions. @default true (development) */
  readonly introspection?: boolean;
  readonly limits: OperationLimits;
}

/**
 * Checks once the operation is known: variables within their size limit, and no
 * subscription over HTTP (it gets a clear error instead of a one-shot execution).
 */
const requestGuards = (limits: OperationLimits): ApolloServerPlugin<GraphQLContext> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request, document, contextValue }) {
        // A purpose may come as a `purpose` extension as well as the X-Purpose header.
        contextValue.purpose ??= cleanPurpose((request.extensions as { purpose?: unknown } | undefined)?.purpose);
        checkVariables(request.variables, limits);
        checkCost(document, request.operationName, request.variables, limits);
        if (operation?.operation === 'subscription') {
          throw new RequestRefusedError('UNSUPPORTED', 'Subscriptions are served over WebSocket (graphql-transport-ws) on this same path');
        }
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
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    maxRecursiveSelections: true,
    parseOptions: { maxTokens: o.limits.maxTokens },
    validationRules: operationLimitRules(o.limits),
    plugins: [ApolloServerPluginLandingPageDisabled(), requestGuards(o.limits)],
  });
}
