/**
 * ingest/quarantine
 *
 * Rejected source rows, kept with their reason and raw content: a bad row is set aside,
 * never lost and never fatal to its batch. Written in the batch's transaction; the same
 * bad row seen again (a re-run) is the same entry.
 */
import { quarantine } from '../../schema/index.js';
import type { Db } from '../db/client.js';
import type { RecordInput } from '../domain/records.js';
import { escapeUnstorable } from '../domain/text.js';
import { sha256 } from './hash.js';

/** Raw content kept in quarantine is capped so one hostile field cannot fill the database. */
const MAX_RAW_CHARS = 1 << 20;

export interface Rejection {
  sourceKey: string | null;
  recordKind: string;
  reasonCode: string;
  reason: string;
  raw: string;
  input?: RecordInput;
  /** For a row of a full list: the record it names, or null when its key cannot be read. */
  listKey: readonly [string, string] | null;
}

/** Writes a batch's rejects, inside its transaction. */
export async function quarantineRows(tx: Db, sourceId: string, runId: number | null, rejected: Rejection[]) {
  if (rejected.length === 0) return;
  const rows = rejected.map((r) => {
    // Kept as received, except that characters PostgreSQL cannot hold are written as `\uXXXX` escapes.
    const kept = escapeUnstorable(r.raw);
    const raw = kept.length > MAX_RAW_CHARS ? `${kept.slice(0, MAX_RAW_CHARS)}…[truncated ${kept.length - MAX_RAW_CHARS} chars]` : kept;
    return {
      sourceId, sourceKey: r.sourceKey === null ? null : escapeUnstorable(r.sourceKey), recordKind: r.recordKind, reasonCode: r.reasonCode, reason: escapeUnstorable(r.reason), raw, rawHash: sha256(r.raw), runId,
      input: r.input ? (r.input as unknown as Record<string, unknown>) : null,
    };
  });
  for (let i = 0; i < rows.length; i += 500) {
    await tx.insert(quarantine).values(rows.slice(i, i + 500)).onConflictDoNothing();
  }
}
