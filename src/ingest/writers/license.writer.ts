/**
 * ingest/writers/license.writer
 *
 * E-licenses. Pull and push deliver the same license: the newer `updatedAt` wins,
 * whichever arrives first.
 */
import { sql } from 'drizzle-orm';
import { license } from '../../../schema/index.js';
import type { License } from '../../domain/records.js';
import { contentOf, lastByKey, type StagedRows } from '../upsert.js';
import { mergeTracked, stageTracked } from '../changes.js';
import { provenanceOf, type Writer } from './context.js';
import { planPersons, writePersons, type PersonsPlan } from './persons.js';

interface LicensePlan {
  readonly holders: PersonsPlan;
  readonly licenses: StagedRows;
}

export const writeLicenses: Writer<License, LicensePlan> = {
  plan: (ctx, all) => {
    const items = lastByKey(all, (i) => i.record.licenseId, contentOf);
    const holders = planPersons(ctx, items.filter((i) => i.record.holder).map((i) => ({ ref: i.record.holder!, sourceKey: i.sourceKey })));
    const rows = items.map((i) => {
      const l = i.record;
      return {
        licenseId: l.licenseId, typeCode: l.typeCode, typeName: l.typeName, holderName: l.holderName, holderIdType: l.holderIdType,
        holderUscc: l.holderUscc, holderPersonHash: l.holder ? holders.hashes.get(l.holder.idNumber)! : null, issuer: l.issuer,
        issuerUscc: l.issuerUscc, issuedOn: l.issuedOn, validFrom: l.validFrom, validTo: l.validTo, status: l.status,
        sourceUpdatedAt: l.updatedAt, fields: l.fields, warnings: i.warnings.length ? [...i.warnings] : null, ...provenanceOf(ctx, i),
      };
    });
    const licenses = stageTracked(license, [license.licenseId], rows, { updateWhere: sql`${license.sourceUpdatedAt} <= excluded.source_updated_at` });
    return { holders, licenses };
  },
  write: async (ctx, plan) => {
    await writePersons(ctx, plan.holders);
    return { ...(await mergeTracked(ctx, plan.licenses)), rejected: [] };
  },
};
