/**
 * ingest/deferred-indexes
 *
 * The bulk first load: when a run is about to write a table that is empty, the table's
 * secondary indexes (neither unique nor primary: the merge's conflict targets stay; nor
 * those the ingest reads by) are dropped and built once, sorted, when the run ends —
 * instead of being updated row by row through the whole load. What the run stores,
 * quarantines, alerts and commits as its cursor is the same either way: only index
 * maintenance moves. Each dropped index is a
 * `deferred_index` row with its definition, dropped and recorded in one transaction;
 * the run extends its hold with every batch, and a run that ends without rebuilding them
 * (killed) leaves rows that the next run of any source rebuilds once the hold has lapsed
 * (the next run of the same source at once). Defers and rebuilds take one advisory lock,
 * so two processes never drop or build the same index together.
 */
import { and, eq, getTableName, lt, or, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { deferredIndex } from '../../schema/index.js';
import type { Logger } from '../../connectors/contract.js';
import type { Database, Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import type { RecordKind } from '../domain/records.js';
import { tablesFor } from './writers/index.js';

/**
 * Secondary indexes the ingest path itself reads by — the legacy 注册号 merge, the alert
 * rules, the full-list checks, the tax links — kept through a first load, which would
 * otherwise scan a growing table once a batch. `test/bulk-first-load.test.ts` fails when a
 * whole-world load reads by an index missing here.
 */
export const READ_BY_INGEST: ReadonlySet<string> = new Set([
  'enterprise_status_idx', 'enterprise_event_reg_no_idx', 'enterprise_event_uscc_idx', 'license_holder_uscc_idx', 'loan_borrower_idx', 'loan_listed_idx',
  'credit_record_listed_idx', 'parcel_event_parcel_idx', 'registration_unit_idx', 'taxpayer_uscc_idx', 'tax_arrears_tin_idx',
  // Sort indexes the ingest reads by too: a full list's withdrawal of one kind's unlisted
  // records (`kind = …`), and USCC → id look-ups (index-only on (uscc, id)).
  'credit_record_kind_idx', 'enterprise_uscc_order_idx',
]);

/** Serialises dropping and rebuilding deferred indexes across processes. */
export const DEFER_LOCK = 7417003;
/** How long a run's deferral stands without a committed batch before another run may rebuild it. */
const HOLD = sql`now() + interval '10 minutes'`;

export interface IndexDeferral {
  /** Before a batch is written: defers the indexes of the empty tables its kinds write, the first time the run meets each table. */
  beforeBatch(kinds: Iterable<RecordKind>): Promise<void>;
  /** Inside a batch's transaction: keeps the run's hold on what it deferred. */
  hold(tx: Db): Promise<void>;
  /** Rebuilds what the run deferred. */
  finish(): Promise<void>;
  /** The tables the run found empty and filled (a first load): vacuumed at its end (ingest/table-statistics). */
  readonly filled: ReadonlySet<string>;
}

/** A run's deferral; `enabled: false` never defers (every write maintains its indexes as it goes). */
export function indexDeferral(database: Database, sourceId: string, runId: number, enabled: boolean, log: Logger): IndexDeferral {
  const met = new Set<string>();
  const filled = new Set<string>();
  let holding = false;
  return {
    filled,
    async beforeBatch(kinds) {
      if (!enabled) return;
      const tables = tablesFor(kinds).filter((t) => !met.has(getTableName(t)));
      if (tables.length === 0) return;
      for (const t of tables) met.add(getTableName(t));
      const { empty, dropped } = await deferEmpty(database.db, tables, sourceId, runId);
      for (const t of empty) filled.add(t);
      if (dropped.length) {
        holding = true;
        log.info({ source: sourceId, runId, indexes: dropped }, 'first load: secondary indexes deferred to the end of the run');
      }
    },
    async hold(tx) {
      if (holding) await tx.update(deferredIndex).set({ heldUntil: HOLD }).where(eq(deferredIndex.runId, runId));
    },
    async finish() {
      if (!holding) return;
      holding = false;
      await rebuild(database, eq(deferredIndex.runId, runId), log);
    },
  };
}

/**
 * Rebuilds indexes that runs deferred and no longer hold: those whose hold has lapsed, and
 * those of `sourceId`'s earlier runs (a source runs once at a time). Called as a run starts.
 */
export function rebuildAbandoned(database: Database, sourceId: string, log: Logger): Promise<void> {
  return rebuild(database, or(lt(deferredIndex.heldUntil, sql`now()`), eq(deferredIndex.sourceId, sourceId))!, log);
}

/** Drops and records the secondary indexes of those of `tables` that hold no row; those tables, and the indexes' names. */
async function deferEmpty(db: Db, tables: readonly PgTable[], sourceId: string, runId: number): Promise<{ empty: string[]; dropped: string[] }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DEFER_LOCK})`);
    const names: string[] = [];
    const empty: string[] = [];
    for (const table of tables) {
      const name = getTableName(table);
      const [row] = rowsOf<{ filled: boolean }>(await tx.execute(sql`select exists (select 1 from ${table}) as filled`));
      if (row!.filled) continue;
      empty.push(name);
      const indexes = rowsOf<{ name: string; definition: string }>(await tx.execute(sql`
        select c.relname as name, pg_get_indexdef(x.indexrelid) as definition
        from pg_index x join pg_class c on c.oid = x.indexrelid
        where x.indrelid = ${name}::regclass and not x.indisunique and not x.indisprimary and x.indisvalid
        order by c.relname`)).filter((i) => !READ_BY_INGEST.has(i.name));
      if (indexes.length === 0) continue;
      await tx.insert(deferredIndex).values(indexes.map((i) => ({ indexName: i.name, tableName: name, definition: i.definition, sourceId, runId, heldUntil: HOLD })));
      for (const i of indexes) await tx.execute(sql`drop index ${sql.identifier(i.name)}`);
      names.push(...indexes.map((i) => i.name));
    }
    return { empty, dropped: names };
  });
}

/** Builds each deferred index `which` selects, one transaction each: the row goes as its index is built. */
async function rebuild(database: Database, which: SQL, log: Logger): Promise<void> {
  const { db } = database;
  const pending = await db.select({ name: deferredIndex.indexName }).from(deferredIndex).where(which).orderBy(deferredIndex.tableName, deferredIndex.indexName);
  for (const { name } of pending) {
    const started = performance.now();
    const done = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${DEFER_LOCK})`);
      const [row] = await tx.delete(deferredIndex).where(and(eq(deferredIndex.indexName, name), which)).returning();
      if (!row) return false;
      // Sorting in memory builds an index several times faster than spilling to disk.
      if (database.kind === 'postgres') await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
      // The definition PostgreSQL gave (pg_get_indexdef) runs as it was written, passed as a value, never spliced into SQL text.
      await tx.execute(sql`select set_config('govgraph.index_definition', ${row.definition}, true)`);
      await tx.execute(sql`do $$ begin execute regexp_replace(current_setting('govgraph.index_definition'), '^CREATE INDEX ', 'CREATE INDEX IF NOT EXISTS '); end $$`);
      return true;
    });
    if (done) log.info({ index: name, ms: Math.round(performance.now() - started) }, 'deferred index built');
  }
}
