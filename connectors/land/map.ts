/**
 * land/map
 *
 * API items → canonical parcel and parcel-event inputs. An item that is not an object with
 * its key is rejected here; everything else is checked in ingest.
 */
import type { PullItem } from '../contract.js';

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mapParcel(item: unknown): PullItem {
  const raw = JSON.stringify(item) ?? 'null';
  if (!isObj(item) || typeof item.parcelCode !== 'string') {
    return { ok: false, recordKind: 'parcel', sourceKey: null, raw, reasonCode: 'BAD_SHAPE', reason: 'parcel item is not an object with a parcelCode' };
  }
  return {
    ok: true, sourceKey: item.parcelCode, raw,
    input: {
      kind: 'parcel', parcelCode: item.parcelCode, divisionCode: str(item.divisionCode), location: str(item.location),
      areaM2: typeof item.areaM2 === 'number' ? item.areaM2 : str(item.areaM2), landUse: str(item.landUse),
      landUseName: str(item.landUseName), rightType: str(item.rightType), updatedAt: str(item.updatedAt),
    },
  };
}

export function mapEvent(item: unknown): PullItem {
  const raw = JSON.stringify(item) ?? 'null';
  if (!isObj(item) || (typeof item.eventId !== 'number' && typeof item.eventId !== 'string')) {
    return { ok: false, recordKind: 'parcel-event', sourceKey: null, raw, reasonCode: 'BAD_SHAPE', reason: 'event item is not an object with an eventId' };
  }
  const docs = Array.isArray(item.documents) ? item.documents.filter(isObj) : [];
  return {
    ok: true, sourceKey: String(item.eventId), raw,
    input: {
      kind: 'parcel-event', eventId: item.eventId as number, parcelCode: str(item.parcelCode), stage: str(item.stage), docNo: str(item.docNo),
      date: str(item.date), enterpriseUscc: str(item.enterpriseUscc), projectCode: str(item.projectCode),
      documents: docs.map((d) => ({ kind: str(d.kind), docNo: str(d.docNo) })),
    },
  };
}
