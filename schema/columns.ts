/**
 * schema/columns
 *
 * Column groups shared by every entity table. Provenance says where a row's values came
 * from: the source system, the record's key there, when it was fetched, and a hash of its
 * normalised content (the same hash makes re-ingest a no-op).
 */
import { text, timestamp } from 'drizzle-orm/pg-core';

export const provenance = () => ({
  sourceId: text('source_id').notNull(),
  sourceKey: text('source_key').notNull(),
  fetchedAt: timestamp('fetched_at', { withTimezone: true, mode: 'date' }).notNull(),
  contentHash: text('content_hash').notNull(),
});
