/**
 * ingest/writers/persons
 *
 * Upserts the persons a batch mentions (legal representatives, right holders, license
 * holders): keyed hash, masked number, and the clear number in its separate table.
 */
import { contentHash } from '../hash.js';
import { person, personIdentity } from '../../../schema/index.js';
import type { PersonRef } from '../../domain/records.js';
import { lastByKey, upsertRows } from '../upsert.js';
import type { WriteContext } from './context.js';

/** Returns the keyed hash for each ID number. */
export async function upsertPersons(ctx: WriteContext, refs: { ref: PersonRef; sourceKey: string }[]): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  if (refs.length === 0) return hashes;
  const unique = lastByKey(refs, (r) => r.ref.idNumber);
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
  await upsertRows(ctx.tx, person, [person.personHash], rows);
  const identities = unique.map(({ ref }) => ({ personHash: hashes.get(ref.idNumber)!, idNumber: ref.idNumber }));
  await upsertRows(ctx.tx, personIdentity, [personIdentity.personHash], identities, { insertOnly: true });
  return hashes;
}
