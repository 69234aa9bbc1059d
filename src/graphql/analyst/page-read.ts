/**
 * analyst/page-read
 *
 * One page of a connection (analyst/page) read through the resolvers: its rows with their
 * cursors — the table's columns, and any expressions a view adds — in one select, whether
 * rows lie beyond it, and the Relay page info; and the connection's count. The analyst
 * connections and the views' own (the no-loan list, policy matches) read pages alike.
 */
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { Sql } from '../../db/sql-parts.js';
import { colsOf } from '../planner/declare.js';
import type { Page } from './page.js';

export interface PageInfoValue {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface ReadPage<R> {
  readonly edges: { readonly node: R; readonly cursor: string }[];
  readonly pageInfo: PageInfoValue;
}

/** The page's rows (table columns plus `extra`, by name), in the list's order, with its page info. */
export async function readPage<T extends PgTable, R = T['$inferSelect']>(db: Db, table: T, page: Page, extra: Record<string, SQL> = {}): Promise<ReadPage<R>> {
  // The rows come from the page's own statement under the table's name: each column read by
  // that name and decoded as the column is.
  const named = colsOf(table, getTableName(table));
  const columns = Object.fromEntries(Object.entries(getTableColumns(table)).map(([prop, col]) => [prop, sql`${Sql.text(named[prop]!).toDrizzle()}`.mapWith(col as PgColumn)]));
  const rows = (await db
    .select({ ...columns, ...extra, cursor__: sql<string>`${Sql.text(page.cursor).toDrizzle()}` })
    .from(sql`(${page.rows.toDrizzle()}) ${Sql.text(page.from).toDrizzle()}`)
    .orderBy(Sql.text(page.scanOrder).toDrizzle())
    .limit(page.n + 1)) as (Record<string, unknown> & { cursor__: string })[];
  const more = rows.length > page.n;
  const kept = rows.slice(0, page.n);
  if (page.backward) kept.reverse();
  const beyond = page.outside ? Boolean(rowsOf<{ x: boolean }>(await db.execute(sql`SELECT ${page.outside.toDrizzle()} AS x`))[0]?.x) : false;
  const edges = kept.map(({ cursor__, ...node }) => ({ node: node as R, cursor: cursor__ }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.backward ? beyond : more,
      hasPreviousPage: page.backward ? more : beyond,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Rows the connection holds across all its pages. */
export async function countPage(db: Db, page: Page): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`SELECT ${page.count().toDrizzle()} AS n`));
  return Number(row?.n ?? 0);
}
