/**
 * ingest/writers/context
 *
 * What every writer receives: the batch's transaction, where the records came from, and
 * the keyring for person links. An accepted item is a validated record with its
 * provenance; a writer may still turn one away (a link conflict) as a late rejection.
 */
import type { Db } from '../../db/client.js';
import type { CanonicalRecord } from '../../domain/records.js';
import type { ChangeSet } from '../changes.js';
import type { PersonKeyring } from '../person-keyring.js';
import type { UpsertCounts } from '../upsert.js';

export interface WriteContext {
  readonly tx: Db;
  readonly sourceId: string;
  readonly fetchedAt: Date;
  readonly keyring: PersonKeyring;
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

export type Writer<R extends CanonicalRecord> = (ctx: WriteContext, items: Accepted<R>[]) => Promise<WriteResult>;

export const provenanceOf = (ctx: WriteContext, item: Pick<Accepted, 'sourceKey' | 'contentHash'>) => ({
  sourceId: ctx.sourceId,
  sourceKey: item.sourceKey,
  fetchedAt: ctx.fetchedAt,
  contentHash: item.contentHash,
});
