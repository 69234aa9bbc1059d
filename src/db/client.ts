/**
 * db/client
 *
 * One drizzle database over either embedded PGlite (no DATABASE_URL: a data folder, or
 * memory for tests) or PostgreSQL through postgres.js. Same schema, same migrations, same
 * code above this line. Every statement drizzle issues is counted, so tests can assert
 * that reads are batched.
 */
import { mkdirSync } from 'node:fs';
import { once } from 'node:events';
import net from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from '../../schema/index.js';
import { projectPath } from '../paths.js';
import { lockFolder, type FolderRole } from './folder-lock.js';
import { withPreparedTexts } from './prepared-texts.js';
import { currentStatementStats, timed, timedMethod } from './statement-stats.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export const MIGRATIONS_FOLDER = projectPath('migrations');

/** Counts statements issued through drizzle (the N+1 guard reads it). */
export class StatementCounter {
  statements = 0;
  logQuery(): void {
    this.statements++;
    const op = currentStatementStats();
    if (op) op.statements++;
  }
}

/** A read-only SQL surface for sources that live in a database (the tax views). */
export interface ReadOnlySql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /**
   * For GraphQL reads: on PostgreSQL its own pool whose statements are cancelled past the
   * operation time limit (`statement_timeout`), so a deadline stops running SQL, not only
   * resolvers yet to start; on PGlite the same handle as `db`. Counted like `db`.
   */
  readonly reads: Db;
  /** The same connections, not counted: for background readers (the event-log bus), so the N+1 guard counts requests only. */
  readonly background: Db;
  readonly counter: StatementCounter;
  /** Connections the counted pools hold at most (1 on PGlite): statements beyond it wait. */
  readonly poolSize: number;
  /** Runs SQL outside drizzle (simulator set-up, LISTEN, benchmarks). */
  exec(sqlText: string): Promise<void>;
  /** One parameterised statement outside drizzle. */
  query<T = Record<string, unknown>>(sqlText: string, params?: unknown[]): Promise<T[]>;
  /**
   * A compiled GraphQL read (graphql/planner): one statement returning one text column, on
   * the `reads` connections, counted like `reads`; `prepared`, a named prepared statement
   * (PostgreSQL may then reuse one generic plan), else planned for its parameters each time.
   */
  readText(sqlText: string, params: readonly unknown[], prepared: boolean): Promise<(string | null)[]>;
  /** A read-only view of this same database, for a source that lives inside it (demo tax views). */
  readOnly(): ReadOnlySql;
  migrate(): Promise<void>;
  /**
   * LISTEN on `channel`. `onReady` runs once listening and again after every reconnect
   * (notifications sent while disconnected are lost: the caller catches up from its log).
   */
  listen(channel: string, onNotify: (payload: string) => void, onReady: () => void): Promise<{ unlisten(): Promise<void> }>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent the hub runs on PGlite. */
  readonly url?: string;
  /** PGlite data folder; `memory://` (default) keeps everything in memory. */
  readonly dataDir?: string;
  /** postgres.js pool size. @default 10 */
  readonly poolSize?: number;
  /** PostgreSQL: GraphQL reads (`reads`) are cancelled after this long. @default none */
  readonly statementTimeoutMs?: number;
  /** Who opens a PGlite folder (named to a second opener, which is refused). @default 'tool' */
  readonly role?: FolderRole;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const counter = new StatementCounter();
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10, counter, options.statementTimeoutMs);
  return openPglite(options.dataDir ?? 'memory://', options.role ?? 'tool', counter);
}

async function openPglite(dataDir: string, role: FolderRole, counter: StatementCounter): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  // A second process on the same folder would run a second server over the same files: refused.
  const lock = inMemory ? null : lockFolder(dataDir, role);
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  } catch (e) {
    lock?.release();
    throw e;
  }
  const db = drizzlePglite(timedMethod(client, 'query'), { schema, logger: counter }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    reads: db,
    poolSize: 1,
    background: drizzlePglite(client, { schema }) as unknown as Db,
    counter,
    exec: async (text) => {
      await client.exec(text);
    },
    query: async <T>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows,
    readText: async (text, params) => {
      counter.logQuery();
      return (await timed(client.query<{ j: string | null }>(text, params as unknown[]))).rows.map((r) => r.j);
    },
    readOnly: () => ({
      query: async <T>(text: string, params: unknown[] = []) =>
        client.transaction(async (tx) => {
          await tx.exec('SET TRANSACTION READ ONLY');
          return (await tx.query<T>(text, params)).rows;
        }),
      close: async () => {},
    }),
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    listen: async (channel, onNotify, onReady) => {
      const unsubscribe = await client.listen(channel, onNotify);
      onReady();
      return { unlisten: () => unsubscribe() };
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/**
 * Sockets with Nagle's algorithm off. postgres.js writes a message of 1 KB or more at once
 * and the rest (Sync, CopyDone) a tick later; with Nagle on, that second write waits for
 * the server's delayed ACK, about 40 ms per statement (measured on the ingest's merges).
 * postgres.js takes the socket as connected, so it is handed over once it is. One host
 * (the first of a multi-host URL) or a Unix socket path.
 */
const noDelay = async (o: { path?: string; host: string[]; port: number[] }) => {
  const socket = new net.Socket();
  socket.setNoDelay(true);
  if (o.path) socket.connect(o.path);
  else socket.connect(o.port[0]!, o.host[0]!);
  await once(socket, 'connect');
  return socket;
};
/** postgres.js takes a socket factory (`socket`) but its types do not declare it. */
const sockets = { socket: noDelay } as unknown as postgres.Options<{}>;

/** Distinct statement texts each driver client prepares (db/prepared-texts); the rest run unnamed. */
const PREPARED_TEXTS = 500;

async function openPostgres(url: string, max: number, counter: StatementCounter, statementTimeoutMs?: number): Promise<Database> {
  const client = postgres(url, { max, onnotice: () => {}, ...sockets, connection: { application_name: 'govgraph' } });
  // drizzle's statements, prepared up to a bound of texts (db/prepared-texts): one wrapper per pool.
  const preparing = withPreparedTexts(client, PREPARED_TEXTS);
  const db = drizzlePostgres(timedMethod(preparing, 'unsafe'), { schema, logger: counter }) as unknown as Db;
  const readClient = statementTimeoutMs
    ? postgres(url, { max, onnotice: () => {}, ...sockets, connection: { application_name: 'govgraph-reads', statement_timeout: statementTimeoutMs } })
    : null;
  return {
    kind: 'postgres',
    db,
    poolSize: readClient ? 2 * max : max,
    reads: readClient ? (drizzlePostgres(timedMethod(withPreparedTexts(readClient, PREPARED_TEXTS), 'unsafe'), { schema, logger: counter }) as unknown as Db) : db,
    background: drizzlePostgres(preparing, { schema }) as unknown as Db,
    counter,
    exec: async (text) => {
      await client.unsafe(text);
    },
    query: async <T>(text: string, params: unknown[] = []) => (await client.unsafe(text, params as never[])) as unknown as T[],
    readText: async (text, params, prepared) => {
      counter.logQuery();
      const rows = await timed((readClient ?? client).unsafe<{ j: string | null }[]>(text, params as never[], { prepare: prepared }));
      return rows.map((r) => r.j);
    },
    readOnly: () => openReadOnlyPostgres(url),
    migrate: async () => {
      // One dedicated connection holds a session advisory lock, so hubs starting together
      // on one database apply the migrations once.
      const one = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await one`select pg_advisory_lock(7417001)`;
        await migratePostgres(drizzlePostgres(one), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await one.end({ timeout: 5 });
      }
    },
    // postgres.js keeps one dedicated connection for every LISTEN and re-listens after a reconnect.
    listen: async (channel, onNotify, onReady) => {
      const sub = await client.listen(channel, onNotify, onReady);
      return { unlisten: () => sub.unlisten() };
    },
    close: async () => {
      await readClient?.end({ timeout: 5 });
      await client.end({ timeout: 5 });
    },
  };
}

/** A separate small pool whose sessions default to read-only transactions. */
export function openReadOnlyPostgres(url: string): ReadOnlySql {
  const client = postgres(url, {
    max: 2,
    onnotice: () => {},
    connection: { application_name: 'govgraph-source', default_transaction_read_only: true },
  });
  return {
    query: async <T>(text: string, params: unknown[] = []) => (await client.unsafe(text, params as never[])) as unknown as T[],
    close: () => client.end({ timeout: 5 }),
  };
}
