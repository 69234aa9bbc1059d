/**
 * ingest/table-statistics
 *
 * Planner statistics that keep up with a load. The statements inside an ingest batch —
 * the 注册号 check, the alert rules' look-ups through parcels, units and holders — are
 * planned from PostgreSQL's statistics of the tables they read. A table filled from
 * nothing within one run keeps the statistics of an empty table until something analyses
 * it; autovacuum may be off or behind, and a plan made for an empty table (a hash join
 * over a whole table, once per looked-up key) cost the policy rule 10 s a batch at a
 * million enterprises. So a run analyses the tables its batches wrote after its 1st, 2nd,
 * 4th, 8th … committed batch and once more at its end, succeeded or failed — each time
 * only when it has written at least MIN_ROWS rows since it last did: a handful of
 * ANALYZEs per run, whatever its size, and none for a run that changed little. Those
 * during the run only keep the plans' shape right, so they read a small sample
 * (SAMPLE_TARGET: 3,000 rows, about a tenth of the time); the one at its end reads the
 * usual 30,000, for the readers' plans.
 * A first load (tables the run found empty: ingest/deferred-indexes) ends with VACUUM
 * (ANALYZE) of those tables instead, as a bulk load should: the rows' hint bits and the
 * visibility map are set once, by the loader, rather than by the first readers of every
 * page (and autovacuum, which may be off, is not waited for).
 */
import { getTableName, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { RecordKind } from '../domain/records.js';
import { tablesFor } from './writers/index.js';

/** Rows written since the last analyse below which statistics are left to autovacuum. */
export const MIN_ROWS = 1_000;
/** `default_statistics_target` of the analyses during a run (PostgreSQL samples 300 rows per unit; its default is 100). */
export const SAMPLE_TARGET = 10;

export interface TableStatistics {
  /** A batch committed: the kinds it wrote and how many rows it inserted or updated. */
  committed(kinds: Iterable<RecordKind>, written: number): void;
  /** Analyses the tables written since the last time, when a batch count of 1, 2, 4, 8 … calls for it. */
  refresh(): Promise<void>;
  /** At the end of the run: vacuums and analyses the tables in `filled`, and analyses what else it wrote since the last time. */
  finish(filled?: ReadonlySet<string>): Promise<void>;
}

export function tableStatistics(database: Database): TableStatistics {
  let batches = 0;
  let due = false;
  let written = 0;
  const tables = new Set<string>();
  const analyse = async (sample: boolean) => {
    const names = [...tables];
    tables.clear();
    written = 0;
    due = false;
    for (const name of names) {
      await database.db.transaction(async (tx) => {
        if (sample) await tx.execute(sql`select set_config('default_statistics_target', ${String(SAMPLE_TARGET)}, true)`);
        await tx.execute(sql`analyze ${sql.identifier(name)}`);
      });
    }
  };
  return {
    committed(kinds, rows) {
      batches++;
      written += rows;
      for (const t of tablesFor(kinds)) tables.add(getTableName(t));
      if ((batches & (batches - 1)) === 0) due = true;
    },
    async refresh() {
      if (due && written >= MIN_ROWS) await analyse(true);
      due = false;
    },
    async finish(filled = new Set()) {
      for (const name of filled) {
        tables.delete(name);
        await database.db.execute(sql`vacuum (analyze) ${sql.identifier(name)}`);
      }
      if (written >= MIN_ROWS) await analyse(false);
    },
  };
}
