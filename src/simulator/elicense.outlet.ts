/**
 * simulator/elicense.outlet
 *
 * The e-license library's pull API:
 * `GET /elicense/api/licenses?updatedSince=&cursor=&limit=` (limit ≤ 200), ordered by
 * `updatedAt`, with an opaque cursor. (Its webhook push is driven by the hub's tests.)
 */
import type { WLicense, World } from './world.js';
import { intParam, sendJson, startHttpOutlet, type HttpOutlet } from './http-outlet.js';

export interface ElicenseOptions {
  /** Raw items served after the world's own (tests only). */
  readonly extraItems?: readonly Record<string, unknown>[];
  /** The sources README names no credential for the pull; set one to simulate a gateway that wants a bearer token. */
  readonly token?: string;
}

export function elicenseItems(world: World): WLicense[] {
  const out: WLicense[] = [];
  for (const e of world.enterprises()) if (e.legacy !== 'legacy-only') out.push(...world.licenses(e));
  return out.sort((a, b) => (a.updatedAt === b.updatedAt ? (a.licenseId < b.licenseId ? -1 : 1) : a.updatedAt < b.updatedAt ? -1 : 1));
}

export async function startElicenseOutlet(world: World, o: ElicenseOptions = {}): Promise<HttpOutlet & { items: readonly unknown[] }> {
  const items: (WLicense | Record<string, unknown>)[] = [...elicenseItems(world), ...(o.extraItems ?? [])];
  const outlet = await startHttpOutlet((req, url, res) => {
    if (o.token !== undefined && req.headers.authorization !== `Bearer ${o.token}`) return sendJson(res, 401, { error: 'invalid token' });
    if (url.pathname !== '/elicense/api/licenses') return sendJson(res, 404, { error: 'not found' });
    const limit = intParam(url, 'limit', 1, 200) ?? 50;
    if (Number.isNaN(limit)) return sendJson(res, 400, { error: 'limit must be 1-200' });
    const since = url.searchParams.get('updatedSince');
    if (since !== null && Number.isNaN(Date.parse(since))) return sendJson(res, 400, { error: 'updatedSince must be ISO 8601' });
    let offset: number;
    const cursor = url.searchParams.get('cursor');
    if (cursor) {
      const decoded = Number(Buffer.from(cursor, 'base64url').toString());
      if (!Number.isInteger(decoded) || decoded < 0) return sendJson(res, 400, { error: 'invalid cursor' });
      offset = decoded;
    } else {
      offset = since ? items.findIndex((l) => Date.parse(String(l.updatedAt)) > Date.parse(since)) : 0;
      if (offset < 0) offset = items.length;
    }
    const page = items.slice(offset, offset + limit);
    const next = offset + limit < items.length ? Buffer.from(String(offset + limit)).toString('base64url') : null;
    return sendJson(res, 200, {
      items: page.map((l) => ('issuer' in l ? { ...l, fields: { 登记机关: l.issuer } } : l)),
      nextCursor: next,
    });
  });
  return { ...outlet, items };
}
