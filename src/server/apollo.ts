/**
 * server/apollo
 *
 * Apollo Server options composed from named pieces: masked errors, no stack traces, no
 * APQ (it is not a safelist), no batched requests, bounded recursion.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { createErrorFormatter, type ErrorLogger } from '../graphql/errors.js';

export interface ApolloOptions {
  readonly schema: GraphQLSchema;
  readonly log: ErrorLogger;
  /** Introspection and field suggestions. @default true (development) */
  readonly introspection?: boolean;
}

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
    parseOptions: { maxTokens: 5000 },
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
}
