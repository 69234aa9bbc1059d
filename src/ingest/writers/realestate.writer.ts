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
import { appendRows, contentOf, lastByKey, type StagedRows } from '../upsert.js';
import { mergeTracked, stageTracked } from '../changes.js';
import { provenanceOf, type Writer } from './context.js';
import { planPersons, writePersons, type PersonsPlan } from './persons.js';

type HolderRow = typeof registrationHolder.$inferInsert;

interface RegistrationPlan {
  readonly holders: PersonsPlan;
  readonly units: StagedRows;
  readonly registrations: StagedRows;
  /** Each registration's holder rows, written when the registration changed. */
  readonly holderRows: ReadonlyMap<string, HolderRow[]>;
}

export const writeRegistrations: Writer<Registration, RegistrationPlan> = {
  plan: (ctx, all) => {
    const items = lastByKey(all, (i) => i.record.ywh, contentOf);
    const holders = planPersons(ctx, items.flatMap((i) => i.record.holders.filter((h) => h.person).map((h) => ({ ref: h.person!, sourceKey: i.sourceKey }))));
    // The unit as the latest registration describes it; one that describes it alike leaves the provenance as a later batch would.
    const described = items.map(({ record: r, sourceKey }) => {
      const unit = { unitCode: r.unitCode, parcelCode: r.parcelCode, fixtureType: r.fixtureType, usage: r.usage, areaM2: r.areaM2 };
      return { unit, sourceKey, contentHash: contentHash(unit) };
    });
    const units = lastByKey(described, (d) => d.unit.unitCode, contentOf).map((d) => ({ ...d.unit, ...provenanceOf(ctx, d) }));
    const registrations = items.map((i) => {
      const r = i.record;
      return {
        ywh: r.ywh, unitCode: r.unitCode, certificateNo: r.certificateNo, kind: r.regType, registeredAt: r.registeredAt,
        usage: r.usage, areaM2: r.areaM2, mortgageeName: r.mortgageeName, mortgageeUscc: r.mortgageeUscc,
        securedAmount: r.securedAmount, cancelsYwh: r.cancelsYwh, ...provenanceOf(ctx, i),
      };
    });
    const holderRows = new Map(items.map((i) => [i.record.ywh, i.record.holders.map((h, seq): HolderRow => ({
      ywh: i.record.ywh, seq, name: h.name, idType: h.idType, holderUscc: h.uscc,
      holderPersonHash: h.person ? holders.hashes.get(h.person.idNumber)! : null, shareMode: h.shareMode, sharePct: h.sharePct,
    }))]));
    return {
      holders, holderRows,
      units: stageTracked(realEstateUnit, [realEstateUnit.unitCode], units),
      registrations: stageTracked(registration, [registration.ywh], registrations),
    };
  },
  write: async (ctx, plan) => {
    await writePersons(ctx, plan.holders);
    await mergeTracked(ctx, plan.units);
    const res = await mergeTracked(ctx, plan.registrations);
    const changed = new Set(res.changed.map((r) => String(r.ywh)));
    if (changed.size > 0) {
      await ctx.tx.delete(registrationHolder).where(sql`${registrationHolder.ywh} = any(${sql.param([...changed])}::text[])`);
      await appendRows(ctx.tx, registrationHolder, [...plan.holderRows].filter(([ywh]) => changed.has(ywh)).flatMap(([, rows]) => rows));
    }
    return { ...res, rejected: [] };
  },
};
