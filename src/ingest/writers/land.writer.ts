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
import { contentOf, lastByKey, upsertRows, type StagedRows } from '../upsert.js';
import { mergeTracked, stageTracked } from '../changes.js';
import { provenanceOf, singleTable, type Writer } from './context.js';

export const writeParcels = singleTable<Parcel>((ctx, all) =>
  stageTracked(landParcel, [landParcel.parcelCode], lastByKey(all, (i) => i.record.parcelCode, contentOf).map((i) => {
    const p = i.record;
    return {
      parcelCode: p.parcelCode, divisionCode: p.divisionCode, location: p.location, areaM2: p.areaM2, landUse: p.landUse,
      landUseName: p.landUseName, rightType: p.rightType, ownership: p.ownership, sourceUpdatedAt: p.updatedAt,
      ...provenanceOf(ctx, i),
    };
  })),
);

type DocumentRow = typeof parcelDocument.$inferInsert;

interface ParcelEventPlan {
  readonly events: StagedRows;
  /** Each event's document rows, written when the event changed. */
  readonly documents: ReadonlyMap<number, DocumentRow[]>;
  readonly projects: StagedRows;
}

export const writeParcelEvents: Writer<ParcelEvent, ParcelEventPlan> = {
  plan: (ctx, all) => {
    const items = lastByKey(all, (i) => String(i.record.eventId), contentOf);
    const events = items.map((i) => {
      const e = i.record;
      return {
        eventId: e.eventId, parcelCode: e.parcelCode, stage: e.stage, docNo: e.docNo, occurredOn: e.date,
        enterpriseUscc: e.enterpriseUscc, projectCode: e.project?.projectCode ?? null, ...provenanceOf(ctx, i),
      };
    });
    const carried = items.filter((i) => i.record.project).map((i) => ({ project: i.record.project!, sourceKey: i.sourceKey, contentHash: contentHash(i.record.project!) }));
    const projects = lastByKey(carried, (c) => c.project.projectCode, contentOf).map((c) => ({ ...c.project, ...provenanceOf(ctx, c) }));
    return {
      events: stageTracked(parcelEvent, [parcelEvent.eventId], events),
      documents: new Map(items.map((i) => [i.record.eventId, i.record.documents.map((d): DocumentRow => ({ eventId: i.record.eventId, kind: d.kind, docNo: d.docNo }))])),
      projects: stageTracked(project, [project.projectCode], projects),
    };
  },
  write: async (ctx, plan) => {
    const res = await mergeTracked(ctx, plan.events);
    // Documents follow their event: replaced whenever the event changed.
    const changed = new Set(res.changed.map((r) => Number(r.event_id)));
    if (changed.size > 0) {
      await ctx.tx.delete(parcelDocument).where(sql`${parcelDocument.eventId} = any(${sql.param([...changed])}::bigint[])`);
      const docs = [...plan.documents].filter(([eventId]) => changed.has(eventId)).flatMap(([, rows]) => rows);
      await upsertRows(ctx.tx, parcelDocument, [parcelDocument.eventId, parcelDocument.kind, parcelDocument.docNo], docs, { insertOnly: true });
    }
    await mergeTracked(ctx, plan.projects);
    return { ...res, rejected: [] };
  },
};
