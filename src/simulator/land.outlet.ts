/**
 * simulator/land.outlet
 *
 * The natural-resources land system (一码管地) as it answers on the wire: parcels paged by
 * `updatedAfter` + page token, lifecycle events by `afterId`, bearer token required. A few
 * parcels are withheld from the parcel feed until `release()`, so events for a parcel the
 * feed has not returned yet occur, as they do in production.
 */
import { firstIndexAfter, intParam, sendJson, startHttpOutlet } from './http-outlet.js';
import type { WParcel, WParcelEvent, World } from './world.js';

export interface LandOutlet {
  readonly url: string;
  /** Serves the withheld parcels from now on, with a fresh updatedAt. */
  release(): void;
  /** Appends lifecycle events after every one served so far (ids above the highest): a late event for an earlier stage arrives out of order. Returns their ids. */
  appendEvents(events: readonly Omit<WParcelEvent, 'eventId'>[]): number[];
  close(): Promise<void>;
}

interface ParcelRow {
  parcel: WParcel;
  updatedAt: string;
}

/** Raw items served after the world's own, as a real feed sometimes sends them (tests only). */
export interface LandExtras {
  readonly parcels?: readonly Record<string, unknown>[];
}

export async function startLandOutlet(world: World, token: string, extras: LandExtras = {}): Promise<LandOutlet> {
  const parcels: ParcelRow[] = [];
  const withheld: ParcelRow[] = [];
  const events: WParcelEvent[] = [];
  for (const e of world.enterprises()) {
    for (const p of world.parcels(e)) {
      const row = { parcel: p, updatedAt: p.updatedAt };
      (world.rng('land-withheld', p.index).chance(0.02) ? withheld : parcels).push(row);
      events.push(...world.events(p));
    }
  }
  const sortParcels = () => parcels.sort((a, b) => (a.updatedAt === b.updatedAt ? (a.parcel.parcelCode < b.parcel.parcelCode ? -1 : 1) : a.updatedAt < b.updatedAt ? -1 : 1));
  sortParcels();
  events.sort((a, b) => a.eventId - b.eventId);
  const extraParcels = (extras.parcels ?? []).map((p) => ({ parcel: null, raw: p, updatedAt: String(p.updatedAt ?? '2026-11-01T00:00:00Z') }));

  const outlet = await startHttpOutlet((req, url, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) return sendJson(res, 401, { error: 'invalid or missing bearer token' });
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
    if (url.pathname === '/land/v2/parcels') {
      const pageSize = intParam(url, 'pageSize', 1, 500) ?? 100;
      if (Number.isNaN(pageSize)) return sendJson(res, 400, { error: 'pageSize must be 1-500' });
      const updatedAfter = url.searchParams.get('updatedAfter');
      const after = updatedAfter ? Date.parse(updatedAfter) : -Infinity;
      if (Number.isNaN(after)) return sendJson(res, 400, { error: 'updatedAfter must be ISO 8601' });
      const tokenParam = url.searchParams.get('pageToken');
      let offset = 0;
      if (tokenParam) {
        try {
          offset = JSON.parse(Buffer.from(tokenParam, 'base64url').toString()).o;
        } catch {
          return sendJson(res, 400, { error: 'invalid pageToken' });
        }
      } else {
        offset = parcels.findIndex((p) => Date.parse(p.updatedAt) > after);
        if (offset < 0) offset = parcels.length;
      }
      // The listing is the parcels in order, then (on a first page or a paged walk) the extra raw rows; only the page is built.
      const extra = tokenParam || offset === 0 ? extraParcels.map((x) => x.raw) : [];
      const total = parcels.length + extra.length;
      const page = [
        ...parcels.slice(offset, offset + pageSize).map(({ parcel: p, updatedAt }) => ({
          parcelCode: p.parcelCode, divisionCode: p.division, location: p.location, areaM2: p.areaM2, landUse: p.landUse,
          landUseName: p.landUseName, rightType: p.rightType, updatedAt,
        })),
        ...extra.slice(Math.max(0, offset - parcels.length), Math.max(0, offset + pageSize - parcels.length)),
      ];
      const next = offset + pageSize < total ? Buffer.from(JSON.stringify({ o: offset + pageSize })).toString('base64url') : null;
      return sendJson(res, 200, { parcels: page, nextPageToken: next });
    }
    if (url.pathname === '/land/v2/events') {
      const afterId = intParam(url, 'afterId', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ?? 0;
      const limit = intParam(url, 'limit', 1, 1000) ?? 100;
      if (Number.isNaN(afterId) || Number.isNaN(limit)) return sendJson(res, 400, { error: 'afterId must be an integer and limit 1-1000' });
      const lo = firstIndexAfter(events, (e) => e.eventId, afterId);
      const page = events.slice(lo, lo + limit);
      return sendJson(res, 200, { events: page, hasMore: lo + limit < events.length });
    }
    return sendJson(res, 404, { error: 'not found' });
  });
  return {
    url: outlet.url,
    release() {
      const now = new Date().toISOString();
      for (const row of withheld.splice(0)) parcels.push({ ...row, updatedAt: now });
      sortParcels();
    },
    appendEvents(more) {
      let id = events.at(-1)?.eventId ?? 0;
      const added = more.map((e) => ({ ...e, eventId: ++id }));
      events.push(...added);
      return added.map((e) => e.eventId);
    },
    close: outlet.close,
  };
}
