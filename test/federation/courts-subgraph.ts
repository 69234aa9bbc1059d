/**
 * test/federation/courts-subgraph
 *
 * A second department's subgraph for the federation tests: the courts' cases per
 * enterprise, built the way any department would build one (`@apollo/subgraph`'s
 * `buildSubgraphSchema` over `courts.graphql`) and served over real HTTP on port 0. It
 * extends govgraph's `Enterprise` by `uscc` and references enterprises back by it.
 */
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

export const COURTS_SDL_FILE = new URL('./courts.graphql', import.meta.url);

export interface CourtCase {
  readonly caseNo: string;
  readonly cause: string;
  readonly filedOn: string;
  readonly defaulter: boolean;
  readonly uscc: string;
}

export interface Courts {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startCourts(cases: readonly CourtCase[]): Promise<Courts> {
  const ofEnterprise = (uscc: string | null) => cases.filter((c) => c.uscc === uscc);
  const schema = buildSubgraphSchema([{
    typeDefs: parse(readFileSync(COURTS_SDL_FILE, 'utf8')),
    resolvers: {
      Query: {
        courtCase: (_: unknown, { caseNo }: { caseNo: string }) => cases.find((c) => c.caseNo === caseNo) ?? null,
        courtCases: () => cases,
      },
      CourtCase: { enterprise: (c: CourtCase) => ({ __typename: 'Enterprise', uscc: c.uscc }) },
      Enterprise: {
        __resolveReference: (ref: { uscc?: string | null }) => ({ uscc: ref.uscc ?? null }),
        courtCases: (e: { uscc: string | null }) => ofEnterprise(e.uscc),
      },
    } as never,
  }]);
  const server = new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}
