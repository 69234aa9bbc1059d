/**
 * ingest/counts
 *
 * What a sync run and each of its batches report: records read, inserted, updated,
 * unchanged, quarantined and withdrawn, alerts raised, batches committed.
 */

export interface SyncCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  /** Records a complete full list no longer held, marked withdrawn. */
  withdrawn: number;
  /** Alerts the changes raised. */
  alerts: number;
  batches: number;
}

export const emptySyncCounts = (): SyncCounts => ({ read: 0, inserted: 0, updated: 0, unchanged: 0, quarantined: 0, withdrawn: 0, alerts: 0, batches: 0 });

/** Adds a committed batch's counts to its run's. */
export function addSyncCounts(into: SyncCounts, more: SyncCounts): SyncCounts {
  for (const k of Object.keys(into) as (keyof SyncCounts)[]) into[k] += more[k];
  return into;
}
