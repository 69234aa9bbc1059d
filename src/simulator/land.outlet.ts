/**
 * simulator/land.outlet
 *
 * The natural-resources land system (一码管地) as it answers on the wire: parcels paged by
 * `updatedAfter` + page token, lifecycle events by `afterId`, bearer token required. A few
 * parcels are withheld from the parcel feed until `release()`, so events for a parcel the
 * feed has not returned yet occur, as they do in production.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WParcel, WParcelEvent, World } from './world.js';

export interface LandOutlet {
  readonly url: string;
  /** Serves the withheld parcels from now on, with a fresh updatedAt. */
  release(): void;
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

  const server: Server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      send(res, 500, { error: 'internal error' });
    }
  });
  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://land');
    if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, { error: 'invalid or missing bearer token' });
    if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed' });
    if (url.pathname === '/land/v2/parcels') {
      const pageSize = Number(url.searchParams.get('pageSize') ?? 100);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) return send(res, 400, { error: 'pageSize must be 1-500' });
      const updatedAfter = url.searchParams.get('updatedAfter');
      const after = updatedAfter ? Date.parse(updatedAfter) : -Infinity;
      if (Number.isNaN(after)) return send(res, 400, { error: 'updatedAfter must be ISO 8601' });
      const tokenParam = url.searchParams.get('pageToken');
      let offset = 0;
      if (tokenParam) {
        try {
          offset = JSON.parse(Buffer.from(tokenParam, 'base64url').toString()).o;
        } catch {
          return send(res, 400, { error: 'invalid pageToken' });
        }
      } else {
        offset = parcels.findIndex((p) => Date.parse(p.updatedAt) > after);
        if (offset < 0) offset = parcels.length;
      }
      const all = [
        ...parcels.map(({ parcel: p, updatedAt }) => ({
          parcelCode: p.parcelCode, divisionCode: p.division, location: p.location, areaM2: p.areaM2, landUse: p.landUse,
          landUseName: p.landUseName, rightType: p.rightType, updatedAt,
        })),
        ...(tokenParam || offset === 0 ? extraParcels.map((x) => x.raw) : []),
      ];
      const page = all.slice(offset, offset + pageSize);
      const next = offset + pageSize < all.length ? Buffer.from(JSON.stringify({ o: offset + pageSize })).toString('base64url') : null;
      return send(res, 200, { parcels: page, nextPageToken: next });
    }
    if (url.pathname === '/land/v2/events') {
      const afterId = Number(url.searchParams.get('afterId') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 100);
      if (!Number.isInteger(afterId) || !Number.isInteger(limit) || limit < 1 || limit > 1000) return send(res, 400, { error: 'afterId must be an integer and limit 1-1000' });
      let lo = 0;
      let hi = events.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (events[mid]!.eventId <= afterId) lo = mid + 1;
        else hi = mid;
      }
      const page = events.slice(lo, lo + limit);
      return send(res, 200, { events: page, hasMore: lo + limit < events.length });
    }
    return send(res, 404, { error: 'not found' });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    release() {
      const now = new Date().toISOString();
      for (const row of withheld.splice(0)) parcels.push({ ...row, updatedAt: now });
      sortParcels();
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
