/**
 * schema/limits
 *
 * The per-principal counters every hub on one database shares, in the table layout of
 * rate-limiter-flexible's PostgreSQL store: lookup budgets, operations running, sockets
 * open. One row per counter key; `expire` is Unix milliseconds, and a row past it counts
 * as empty (the library clears such rows).
 */
import { bigint, integer, pgTable, text } from 'drizzle-orm/pg-core';

export const rateLimit = pgTable('rate_limit', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: bigint('expire', { mode: 'number' }),
});
