/**
 * land
 *
 * 自然资源和规划局 (一码管地): parcels and their lifecycle events. Cursor: the parcel
 * paging position (`updatedAfter`, page token, newest `updatedAt` seen) and the last event
 * id. Each page is one batch. A stored page token the land system no longer knows restarts
 * the parcel walk from `updatedAfter`.
 */
import { defineConnector } from '../contract.js';
import { resumeWalk } from '../http.js';
import { LandConfig } from './config.js';
import { mapEvent, mapParcel } from './map.js';
import { checkEventsPage, checkParcelsPage } from './parse.js';
import { fetchEvents, fetchParcels } from './transport.js';

export interface LandCursor {
  readonly parcels: { readonly updatedAfter: string | null; readonly pageToken: string | null; readonly maxSeen: string | null };
  readonly afterEventId: number;
}

const START: LandCursor = { parcels: { updatedAfter: null, pageToken: null, maxSeen: null }, afterEventId: 0 };

export const land = defineConnector<LandConfig>({
  kind: 'land',
  version: '1',
  configSchema: LandConfig,
  async healthCheck(config, ctx) {
    checkEventsPage(await fetchEvents({ ...config, eventLimit: 1 }, ctx, Number.MAX_SAFE_INTEGER - 1));
  },
  async *pull(config, ctx, rawCursor) {
    let cursor = (rawCursor as LandCursor | null) ?? START;
    // Parcels: page through everything updated after the cursor.
    let { updatedAfter, pageToken, maxSeen } = cursor.parcels;
    // The run's first page may resume a walk whose token has since expired (http/resumeWalk).
    let first = true;
    for (;;) {
      const read = (token: string | null) => fetchParcels(config, ctx, updatedAfter, token);
      const page = checkParcelsPage(await (first ? resumeWalk(pageToken, read, ctx.log, 'land') : read(pageToken)));
      first = false;
      for (const p of page.parcels) {
        const at = (p as { updatedAt?: unknown }).updatedAt;
        if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && (!maxSeen || Date.parse(at) > Date.parse(maxSeen))) maxSeen = at;
      }
      pageToken = page.nextPageToken;
      if (!pageToken) {
        // Next time, start a little before the newest row seen: rows sharing its timestamp may still come.
        updatedAfter = maxSeen ? new Date(Date.parse(maxSeen) - config.overlapSeconds * 1000).toISOString() : updatedAfter;
      }
      cursor = { ...cursor, parcels: { updatedAfter, pageToken, maxSeen } };
      yield { items: page.parcels.map(mapParcel), cursor };
      if (!pageToken) break;
    }
    // Events: oldest first after the last id.
    for (;;) {
      const page = checkEventsPage(await fetchEvents(config, ctx, cursor.afterEventId));
      let last = cursor.afterEventId;
      for (const e of page.events) {
        const id = Number((e as { eventId?: unknown }).eventId);
        if (Number.isSafeInteger(id) && id > last) last = id;
      }
      cursor = { ...cursor, afterEventId: last };
      yield { items: page.events.map(mapEvent), cursor };
      if (!page.hasMore || page.events.length === 0) break;
    }
  },
});
