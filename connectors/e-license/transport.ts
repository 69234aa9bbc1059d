/**
 * e-license/transport
 *
 * The library's pull API: `GET {base}/elicense/api/licenses?updatedSince=&cursor=&limit=`.
 * The last page may carry `nextCursor: null`, an empty cursor, or none at all.
 */
import { z } from 'zod';
import { ConnectorError, type ConnectorContext } from '../contract.js';
import { getJson } from '../http.js';
import type { ElicenseConfig } from './config.js';

const Page = z.object({ items: z.array(z.unknown()).max(200), nextCursor: z.string().max(4096).nullish().transform((c) => c || null) });
export type LicensePage = z.infer<typeof Page>;

export async function fetchLicenses(config: ElicenseConfig, ctx: ConnectorContext, updatedSince: string | null, cursor: string | null): Promise<LicensePage> {
  const u = new URL('/elicense/api/licenses', config.baseUrl);
  if (updatedSince) u.searchParams.set('updatedSince', updatedSince);
  if (cursor) u.searchParams.set('cursor', cursor);
  u.searchParams.set('limit', String(config.limit));
  const headers: Record<string, string> = config.tokenEnv ? { authorization: `Bearer ${ctx.secret(config.tokenEnv)}` } : {};
  const page = Page.safeParse(await getJson(u.href, { connector: 'e-license', signal: ctx.signal, timeoutMs: config.timeoutMs, headers }));
  if (!page.success) throw new ConnectorError('CONNECTOR_PROTOCOL', 'e-license', 'licenses page does not match the API shape');
  return page.data;
}
