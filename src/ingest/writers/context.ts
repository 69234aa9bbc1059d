/**
 * ingest/writers/context
 *
 * The shape of every writer. It plans first — rows built, hashed and staged for COPY,
 * knowing only where the records came from and the keyring for person links — and the
 * plan is written later inside the batch's transaction. The pipeline plans a batch while
 * the batch before it commits, so the transaction holds little but database work. An
 * accepted item is a validated record with its provenance; a writer may still turn one
 * away (a link conflict) as a late rejection.
 */
import type { Db } from '../../db/client.js';
import type { CanonicalRecord } from '../../domain/records.js';
import { mergeTracked, type ChangeSet } from '../changes.js';
import type { PersonKeyring } from '../person-keyring.js';
import type { StagedRows, UpsertCounts } from '../upsert.js';

/** What a plan may know: no transaction. */
export interface PlanContext {
  readonly sourceId: string;
  readonly fetchedAt: Date;
  readonly keyring: PersonKeyring;
}

export interface WriteContext extends PlanContext {
  readonly tx: Db;
  /** Where tracked upserts report what they changed (see ingest/changes). */
  readonly changes: ChangeSet;
}

export interface Accepted<R extends CanonicalRecord = CanonicalRecord> {
  readonly record: R;
  readonly sourceKey: string;
  readonly contentHash: string;
  readonly raw: string;
  readonly warnings: readonly string[];
}

export interface LateRejection {
  readonly item: Accepted;
  readonly reasonCode: string;
  readonly reason: string;
}

export interface WriteResult extends UpsertCounts {
  readonly rejected: LateRejection[];
}

export interface Writer<R extends CanonicalRecord, P = unknown> {
  /** Everything that needs no database. */
  readonly plan: (ctx: PlanContext, items: Accepted<R>[]) => P;
  /** The plan's statements, in the batch's transaction. */
  readonly write: (ctx: WriteContext, plan: P) => Promise<WriteResult>;
}

/** A writer that stages one table's rows and merges them (the common case). */
export const singleTable = <R extends CanonicalRecord>(plan: (ctx: PlanContext, items: Accepted<R>[]) => StagedRows): Writer<R, StagedRows> => ({
  plan,
  write: async (ctx, staged) => ({ ...(await mergeTracked(ctx, staged)), rejected: [] }),
});

export const provenanceOf = (ctx: PlanContext, item: Pick<Accepted, 'sourceKey' | 'contentHash'>) => ({
  sourceId: ctx.sourceId,
  sourceKey: item.sourceKey,
  fetchedAt: ctx.fetchedAt,
  contentHash: item.contentHash,
});
