/**
 * ingest/writers/land.writer
 *
 * Parcels, their lifecycle events with documents, and the projects events name. An event
 * may name a parcel the parcel feed has not sent yet: it is kept, linked by code.
 */
import { sql } from 'drizzle-orm';
import { landParcel, parcelDocument, parcelEvent, project } from '../../../schema/index.js';
import type { Parcel, ParcelEvent } from '../../domain/records.js';
import { contentHash } from '../hash.js';
import { lastByKey, upsertRows } from '../upsert.js';
import { upsertTracked } from '../changes.js';
import { provenanceOf, type Writer } from './context.js';

export const writeParcels: Writer<Parcel> = async (ctx, all) => {
  const items = lastByKey(all, (i) => i.record.parcelCode);
  const res = await upsertTracked(
    ctx,
    landParcel,
    [landParcel.parcelCode],
    items.map((i) => {
      const p = i.record;
      return {
        parcelCode: p.parcelCode, divisionCode: p.divisionCode, location: p.location, areaM2: p.areaM2, landUse: p.landUse,
        landUseName: p.landUseName, rightType: p.rightType, ownership: p.ownership, sourceUpdatedAt: p.updatedAt,
        ...provenanceOf(ctx, i),
      };
    }),
  );
  return { ...res, rejected: [] };
};

export const writeParcelEvents: Writer<ParcelEvent> = async (ctx, all) => {
  const items = lastByKey(all, (i) => String(i.record.eventId));
  const res = await upsertTracked(
    ctx,
    parcelEvent,
    [parcelEvent.eventId],
    items.map((i) => {
      const e = i.record;
      return {
        eventId: e.eventId, parcelCode: e.parcelCode, stage: e.stage, docNo: e.docNo, occurredOn: e.date,
        enterpriseUscc: e.enterpriseUscc, projectCode: e.project?.projectCode ?? null, ...provenanceOf(ctx, i),
      };
    }),
  );
  // Documents follow their event: replaced whenever the event changed.
  const changed = new Set(res.changed.map((r) => Number(r.event_id)));
  if (changed.size > 0) {
    await ctx.tx.delete(parcelDocument).where(sql`${parcelDocument.eventId} = any(${sql.param([...changed])}::bigint[])`);
    const docs = items
      .filter((i) => changed.has(i.record.eventId))
      .flatMap((i) => i.record.documents.map((d) => ({ eventId: i.record.eventId, kind: d.kind, docNo: d.docNo })));
    await upsertRows(ctx.tx, parcelDocument, [parcelDocument.eventId, parcelDocument.kind, parcelDocument.docNo], docs, { insertOnly: true });
  }
  const projects = lastByKey(
    items.filter((i) => i.record.project),
    (i) => i.record.project!.projectCode,
  ).map((i) => {
    const p = i.record.project!;
    return { ...p, ...provenanceOf(ctx, { sourceKey: i.sourceKey, contentHash: contentHash(p) }) };
  });
  await upsertTracked(ctx, project, [project.projectCode], projects);
  return { ...res, rejected: [] };
};
