/**
 * ingest/writers/license.writer
 *
 * E-licenses. Pull and push deliver the same license: the newer `updatedAt` wins,
 * whichever arrives first.
 */
import { sql } from 'drizzle-orm';
import { license } from '../../../schema/index.js';
import type { License } from '../../domain/records.js';
import { lastByKey } from '../upsert.js';
import { upsertTracked } from '../changes.js';
import { provenanceOf, type Writer } from './context.js';
import { upsertPersons } from './persons.js';

export const writeLicenses: Writer<License> = async (ctx, all) => {
  const items = lastByKey(all, (i) => i.record.licenseId);
  const hashes = await upsertPersons(
    ctx,
    items.filter((i) => i.record.holder).map((i) => ({ ref: i.record.holder!, sourceKey: i.sourceKey })),
  );
  const rows = items.map((i) => {
    const l = i.record;
    return {
      licenseId: l.licenseId, typeCode: l.typeCode, typeName: l.typeName, holderName: l.holderName, holderIdType: l.holderIdType,
      holderUscc: l.holderUscc, holderPersonHash: l.holder ? hashes.get(l.holder.idNumber)! : null, issuer: l.issuer,
      issuerUscc: l.issuerUscc, issuedOn: l.issuedOn, validFrom: l.validFrom, validTo: l.validTo, status: l.status,
      sourceUpdatedAt: l.updatedAt, fields: l.fields, warnings: i.warnings.length ? [...i.warnings] : null, ...provenanceOf(ctx, i),
    };
  });
  const res = await upsertTracked(ctx, license, [license.licenseId], rows, {
    updateWhere: sql`${license.sourceUpdatedAt} <= excluded.source_updated_at`,
  });
  return { ...res, rejected: [] };
};
