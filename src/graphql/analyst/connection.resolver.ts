/**
 * analyst/connection.resolver
 *
 * The root connection of each described entity type (`licenses`, `loans`, …), generated:
 * the page's rows in one select (filter, row scope, keyset and order compiled by
 * analyst/page), nested fields by the types' own resolvers, and the count when asked. The
 * read planner answers the same field in one statement from the same `@Listing`
 * declaration; this is the path it falls back to, and the reference it is tested against.
 */
import type { GraphQLSchema } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { Listing } from '../planner/declare.js';
import { analystEnv } from './access.js';
import { connectionTypesOf } from './connection-types.js';
import { pageOf, type Page, type PageArgs } from './page.js';
import { countPage, readPage } from './page-read.js';
import type { AnalystSpec } from './spec.js';

interface ConnectionValue {
  readonly page: Page;
}

export function connectionResolvers(spec: AnalystSpec): Function[] {
  const conn = spec.connection!;
  const { connection, args } = connectionTypesOf(spec);

  @Resolver()
  class ListResolver {
    @Listing(spec)
    @Query(() => connection as never, { name: conn.root, description: conn.description })
    async list(@Args(() => args as never) a: PageArgs, @Ctx() ctx: GraphQLContext, @Info() info: { schema: GraphQLSchema }) {
      const page = pageOf(spec, a, analystEnv(info.schema, ctx.gate, ctx.purpose !== null));
      return { page, ...(await readPage(ctx.db, spec.table, page)) };
    }
  }

  @Resolver(() => connection)
  class CountResolver {
    @FieldResolver(() => Int)
    async totalCount(@Root() c: ConnectionValue, @Ctx() ctx: GraphQLContext): Promise<number> {
      return countPage(ctx.db, c.page);
    }
  }
  return [ListResolver, CountResolver];
}
