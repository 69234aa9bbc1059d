/**
 * analyst/connection.resolver
 *
 * The root connection of each described entity type (`licenses`, `loans`, …), generated:
 * the page's rows in one select (filter, row scope, keyset and order compiled by
 * analyst/page), nested fields by the types' own resolvers, and the count when asked. The
 * read planner answers the same field in one statement from the same `@Listing`
 * declaration; this is the path it falls back to, and the reference it is tested against.
 */
import { getTableColumns, sql } from 'drizzle-orm';
import type { GraphQLSchema } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { rowsOf } from '../../db/rows.js';
import type { GraphQLContext } from '../context.js';
import { Listing } from '../planner/declare.js';
import { analystEnv } from './access.js';
import { connectionTypesOf } from './connection-types.js';
import { pageOf, type Page, type PageArgs } from './page.js';
import type { AnalystSpec } from './spec.js';
import { Sql } from '../../db/sql-parts.js';

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
      const rows = await ctx.db
        .select({ ...getTableColumns(spec.table), cursor__: sql<string>`${Sql.text(page.cursor).toDrizzle()}` })
        .from(spec.table)
        .where(page.where.toDrizzle())
        .orderBy(Sql.text(page.scanOrder).toDrizzle())
        .limit(page.n + 1);
      const more = rows.length > page.n;
      const kept = rows.slice(0, page.n);
      if (page.backward) kept.reverse();
      const beyond = page.outside ? Boolean(rowsOf<{ x: boolean }>(await ctx.db.execute(sql`SELECT ${page.outside.toDrizzle()} AS x`))[0]?.x) : false;
      const edges = kept.map(({ cursor__, ...node }) => ({ node, cursor: cursor__ }));
      return {
        page,
        edges,
        pageInfo: {
          hasNextPage: page.backward ? beyond : more,
          hasPreviousPage: page.backward ? more : beyond,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    }
  }

  @Resolver(() => connection)
  class CountResolver {
    @FieldResolver(() => Int)
    async totalCount(@Root() c: ConnectionValue, @Ctx() ctx: GraphQLContext): Promise<number> {
      const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(spec.table).where(c.page.matching.toDrizzle());
      return Number(row?.n ?? 0);
    }
  }
  return [ListResolver, CountResolver];
}
