/**
 * ingest/writers/persons
 *
 * The persons a batch mentions (legal representatives, right holders, license holders):
 * keyed hash, masked number, and the clear number in its separate table. Planned with the
 * writer that names them; written before that writer's own rows.
 */
import { contentHash } from '../hash.js';
import { person, personIdentity } from '../../../schema/index.js';
import type { PersonRef } from '../../domain/records.js';
import { lastByKey, mergeStaged, stageRows, type StagedRows } from '../upsert.js';
import type { PlanContext, WriteContext } from './context.js';

export interface PersonsPlan {
  /** The keyed hash for each ID number. */
  readonly hashes: ReadonlyMap<string, string>;
  readonly persons: StagedRows;
  readonly identities: StagedRows;
}

export function planPersons(ctx: PlanContext, refs: { ref: PersonRef; sourceKey: string }[]): PersonsPlan {
  const hashes = new Map<string, string>();
  // A person named again with the same name and kind keeps the earlier provenance, as a later batch would.
  const unique = lastByKey(refs, (r) => r.ref.idNumber, (r) => `${r.ref.name}\u0000${r.ref.holderKind}`);
  const rows = unique.map(({ ref, sourceKey }) => {
    const personHash = ctx.keyring.hash(ref.idNumber);
    hashes.set(ref.idNumber, personHash);
    const maskedId = ctx.keyring.mask(ref.idNumber);
    return {
      personHash,
      maskedId,
      name: ref.name,
      holderKind: ref.holderKind,
      sourceId: ctx.sourceId,
      sourceKey,
      fetchedAt: ctx.fetchedAt,
      contentHash: contentHash({ personHash, maskedId, name: ref.name, holderKind: ref.holderKind }),
    };
  });
  const identities = unique.map(({ ref }) => ({ personHash: hashes.get(ref.idNumber)!, idNumber: ref.idNumber }));
  return {
    hashes,
    persons: stageRows(person, [person.personHash], rows),
    identities: stageRows(personIdentity, [personIdentity.personHash], identities, { insertOnly: true }),
  };
}

export async function writePersons(ctx: WriteContext, plan: PersonsPlan): Promise<void> {
  await mergeStaged(ctx.tx, plan.persons);
  await mergeStaged(ctx.tx, plan.identities);
}
