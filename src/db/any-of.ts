/**
 * db/any-of
 *
 * `column = any($1::text[])`: a set of keys as one array parameter. Ingest and the event
 * log test thousands of keys per batch; `inArray` would send (and drizzle would build) one
 * parameter per key and meet PostgreSQL's 65,535-parameter limit at scale.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

export const anyOf = (column: PgColumn, values: readonly string[]): SQL => sql`${column} = any(${sql.param([...values])}::text[])`;
