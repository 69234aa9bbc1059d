/**
 * ingest/prepare
 *
 * A pulled batch made ready to write, before any transaction: every item validated and
 * normalised (or set aside with its reason and raw content), each accepted record hashed
 * once; and what a full-list batch held, for the list's withdrawals.
 */
import { setImmediate } from 'node:timers/promises';
import type { PullItem } from '../../connectors/contract.js';
import { unstorableTextAt } from '../domain/text.js';
import { listKeyOf, validateRecord, type CanonicalRecord, type RecordKind } from '../domain/records.js';
import type { ListRows } from './full-lists.js';
import { contentHash } from './hash.js';
import type { SyncCounts } from './counts.js';
import type { SourceDefinition } from './pipeline.js';
import type { Rejection } from './quarantine.js';
import type { Accepted } from './writers/index.js';

export interface Prepared {
  accepted: Map<RecordKind, Accepted[]>;
  rejected: Rejection[];
}

/** Validates and normalises items; nothing is written yet. */
export function prepare(source: SourceDefinition, items: readonly PullItem[], counts: SyncCounts): Prepared {
  return prepareInto({ accepted: new Map(), rejected: [] }, source, items, counts);
}

/** Items validated between two yields to the event loop (prepareInSlices). */
const SLICE = 250;

/**
 * `prepare` for a pulled batch (added to `into`, when given), in slices with a yield to the
 * event loop between them. The batch before it is committing meanwhile: each answer from
 * the database is taken up (and the transaction's next statement sent) within one slice's
 * time, not after the whole batch.
 */
export async function prepareInSlices(source: SourceDefinition, items: readonly PullItem[], counts: SyncCounts, into: Prepared = { accepted: new Map(), rejected: [] }): Promise<Prepared> {
  for (let start = 0; start < items.length; start += SLICE) {
    if (start > 0) await setImmediate();
    prepareInto(into, source, items.slice(start, start + SLICE), counts);
  }
  return into;
}

function prepareInto({ accepted, rejected }: Prepared, source: SourceDefinition, items: readonly PullItem[], counts: SyncCounts): Prepared {
  for (const item of items) {
    counts.read++;
    if (!item.ok) {
      rejected.push({ sourceKey: item.sourceKey, recordKind: item.recordKind, reasonCode: item.reasonCode, reason: item.reason, raw: item.raw, listKey: null });
      continue;
    }
    // NUL or a broken surrogate would fail the whole batch in PostgreSQL: this record alone is set aside.
    const unstorable = unstorableTextAt(item.input);
    if (unstorable !== null) {
      rejected.push({
        sourceKey: item.sourceKey, recordKind: item.input.kind, reasonCode: 'UNSTORABLE_TEXT',
        reason: `field ${unstorable} holds a NUL character or an unpaired surrogate, which cannot be stored`, raw: item.raw, listKey: listKeyOf(item.input),
      });
      continue;
    }
    const v = validateRecord(item.input, { lenient: source.lenient });
    if (!v.ok) {
      rejected.push({ sourceKey: item.sourceKey, recordKind: item.input.kind, reasonCode: v.reasonCode, reason: v.reason, raw: item.raw, input: item.input, listKey: listKeyOf(item.input) });
      continue;
    }
    const list = accepted.get(v.record.kind) ?? [];
    list.push({ record: v.record, sourceKey: item.sourceKey, contentHash: contentHash(v.record), raw: item.raw, warnings: v.warnings });
    accepted.set(v.record.kind, list);
  }
  return { accepted, rejected };
}

/** A validated full-list record's key (as stored), or null for records of other kinds. */
export function listKeyOfRecord(r: CanonicalRecord): readonly [string, string] | null {
  if (r.kind === 'credit-record') return [r.recordKind, r.docNo];
  if (r.kind === 'loan') return [r.lenderCode, r.contractNo];
  return null;
}

/** What a full-list batch held: the keys accepted, the keys present but refused, and rows without a readable key. */
export function listRows(p: Prepared): ListRows {
  const accepted = [...p.accepted.values()].flat().map((a) => listKeyOfRecord(a.record)).filter((k) => k !== null);
  const present = p.rejected.map((r) => r.listKey).filter((k) => k !== null);
  const keyless = p.rejected.filter((r) => r.listKey === null);
  return { accepted, present, keyless: keyless.length ? { rows: keyless.length, reason: `${keyless[0]!.reasonCode}: ${keyless[0]!.reason}` } : null };
}
