/**
 * e-license
 *
 * 电子证照库: licenses pulled by `updatedSince` + cursor, and pushed by signed webhook.
 * Pull and push deliver the same license; ingest keeps whichever has the newer
 * `updatedAt`, whichever arrives first. Cursor: the paging position and the newest
 * `updatedAt` seen; a stored cursor the library no longer knows restarts the walk from
 * `updatedSince`.
 */
import { defineConnector } from '../contract.js';
import { resumeWalk } from '../http.js';
import { ElicenseConfig } from './config.js';
import { mapLicense } from './map.js';
import { receiveLicensePush } from './push.js';
import { fetchLicenses } from './transport.js';

export interface ElicenseCursor {
  readonly updatedSince: string | null;
  readonly cursor: string | null;
  readonly maxSeen: string | null;
}

export const elicense = defineConnector<ElicenseConfig>({
  kind: 'e-license',
  version: '1',
  configSchema: ElicenseConfig,
  async healthCheck(config, ctx) {
    await fetchLicenses({ ...config, limit: 1 }, ctx, new Date().toISOString(), null);
  },
  async *pull(config, ctx, rawCursor) {
    let { updatedSince, cursor, maxSeen } = (rawCursor as ElicenseCursor | null) ?? { updatedSince: null, cursor: null, maxSeen: null };
    // The run's first page may resume a walk whose cursor has since expired (http/resumeWalk).
    let first = true;
    for (;;) {
      const read = (c: string | null) => fetchLicenses(config, ctx, updatedSince, c);
      const page = await (first ? resumeWalk(cursor, read, ctx.log, 'e-license') : read(cursor));
      first = false;
      for (const l of page.items) {
        const at = (l as { updatedAt?: unknown }).updatedAt;
        if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && (!maxSeen || Date.parse(at) > Date.parse(maxSeen))) maxSeen = at;
      }
      cursor = page.nextCursor;
      if (!cursor && maxSeen) updatedSince = new Date(Date.parse(maxSeen) - config.overlapSeconds * 1000).toISOString();
      yield { items: page.items.map(mapLicense), cursor: { updatedSince, cursor, maxSeen } satisfies ElicenseCursor };
      if (!cursor) break;
    }
  },
  receivePush: receiveLicensePush,
});
