/**
 * ingest/batch-joiner
 *
 * A source that pages (a change feed's or an API's pages of at most 1,000) would commit one
 * transaction per page, and each transaction has a fixed cost (its cursor, index hold,
 * alert rules, commit). While the batch before is still committing, the pages the source
 * has ready are read, validated and joined into the next batch, up to the source's batch
 * size (the connector's `maxBatch`, else 5,000): one transaction for several pages, with
 * the last page's cursor. A source faster than the database fills larger transactions;
 * once the database is free nothing waits to be joined, so a slow source's records are
 * not held back. A full-list batch (`snapshot`) stands alone, as its withdrawals are
 * judged batch by batch. A source that fails while pages are being joined has the pages it
 * gave committed first, as unjoined ones would be.
 */
import type { PullBatch } from '../../connectors/contract.js';
import { emptySyncCounts, type SyncCounts } from './counts.js';
import type { SourceDefinition } from './pipeline.js';
import { prepareInSlices, type Prepared } from './prepare.js';

/** Records one joined batch holds at most for a connector that names no batch size of its own. */
export const JOIN_UP_TO = 5000;

/** A batch made ready to write: its pages' items validated, with the counts of what was read and refused. */
export interface ReadyBatch {
  readonly batch: PullBatch;
  readonly prepared: Prepared;
  readonly counts: SyncCounts;
  /** Pages joined into it (1: as the source yielded it). */
  readonly pages: number;
}

const joinable = (b: PullBatch) => b.snapshot === undefined;

/**
 * The source's batches, validated, each joined with the pages after it while `busy()` (the
 * batch before is committing) and while the records stay within `maxItems` (0: never joined).
 */
export async function* readyBatches(
  pages: AsyncIterable<PullBatch>, source: SourceDefinition, busy: () => boolean, maxItems: number,
): AsyncGenerator<ReadyBatch> {
  const it = pages[Symbol.asyncIterator]();
  let held: IteratorResult<PullBatch> | null = null;
  /** The source failed while pages were being joined: what was joined goes first, then the failure. */
  let failure: { error: unknown } | null = null;
  try {
    for (;;) {
      if (failure) throw failure.error;
      const first: IteratorResult<PullBatch> = held ?? (await it.next());
      held = null;
      if (first.done) return;
      let batch = first.value;
      const counts = emptySyncCounts();
      const prepared = await prepareInSlices(source, batch.items, counts);
      let joined = 1;
      while (busy() && joinable(batch) && batch.items.length < maxItems) {
        let more: IteratorResult<PullBatch>;
        try {
          more = await it.next();
        } catch (error) {
          failure = { error };
          break;
        }
        if (more.done || !joinable(more.value) || batch.items.length + more.value.items.length > maxItems) {
          held = more;
          break;
        }
        await prepareInSlices(source, more.value.items, counts, prepared);
        batch = { items: [...batch.items, ...more.value.items], cursor: more.value.cursor, files: joinFiles(batch, more.value) };
        joined++;
      }
      yield { batch, prepared, counts, pages: joined };
    }
  } finally {
    await it.return?.();
  }
}

const joinFiles = (a: PullBatch, b: PullBatch) => (a.files || b.files ? [...(a.files ?? []), ...(b.files ?? [])] : undefined);
