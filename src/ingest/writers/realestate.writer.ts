/**
 * ingest/writers/realestate.writer
 *
 * Registrations, the units they are on (a unit's parcel is its code's first 19 chars),
 * right holders with their shares, and mortgages. Holders follow their registration.
 */
import { sql } from 'drizzle-orm';
import { realEstateUnit, registration, registrationHolder } from '../../../schema/index.js';
import type { Registration } from '../../domain/records.js';
import { contentHash } from '../hash.js';
import { appendRows, lastByKey } from '../upsert.js';
import { upsertTracked } from '../changes.js';
import { provenanceOf, type Writer } from './context.js';
import { upsertPersons } from './persons.js';

export const writeRegistrations: Writer<Registration> = async (ctx, all) => {
  const items = lastByKey(all, (i) => i.record.ywh);
  const hashes = await upsertPersons(
    ctx,
    items.flatMap((i) => i.record.holders.filter((h) => h.person).map((h) => ({ ref: h.person!, sourceKey: i.sourceKey }))),
  );
  // The unit as the latest registration describes it.
  const units = lastByKey(items, (i) => i.record.unitCode).map((i) => {
    const r = i.record;
    const unit = { unitCode: r.unitCode, parcelCode: r.parcelCode, fixtureType: r.fixtureType, usage: r.usage, areaM2: r.areaM2 };
    return { ...unit, ...provenanceOf(ctx, { sourceKey: i.sourceKey, contentHash: contentHash(unit) }) };
  });
  await upsertTracked(ctx, realEstateUnit, [realEstateUnit.unitCode], units);
  const res = await upsertTracked(
    ctx,
    registration,
    [registration.ywh],
    items.map((i) => {
      const r = i.record;
      return {
        ywh: r.ywh, unitCode: r.unitCode, certificateNo: r.certificateNo, kind: r.regType, registeredAt: r.registeredAt,
        usage: r.usage, areaM2: r.areaM2, mortgageeName: r.mortgageeName, mortgageeUscc: r.mortgageeUscc,
        securedAmount: r.securedAmount, cancelsYwh: r.cancelsYwh, ...provenanceOf(ctx, i),
      };
    }),
  );
  const changed = new Set(res.changed.map((r) => String(r.ywh)));
  if (changed.size > 0) {
    await ctx.tx.delete(registrationHolder).where(sql`${registrationHolder.ywh} = any(${sql.param([...changed])}::text[])`);
    const holders = items
      .filter((i) => changed.has(i.record.ywh))
      .flatMap((i) =>
        i.record.holders.map((h, seq) => ({
          ywh: i.record.ywh, seq, name: h.name, idType: h.idType, holderUscc: h.uscc,
          holderPersonHash: h.person ? hashes.get(h.person.idNumber)! : null, shareMode: h.shareMode, sharePct: h.sharePct,
        })),
      );
    await appendRows(ctx.tx, registrationHolder, holders);
  }
  return { ...res, rejected: [] };
};
