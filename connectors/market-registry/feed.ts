/**
 * market-registry/feed
 *
 * The REST change feed: `GET {base}/api/v1/enterprise-changes?since=&limit=` with
 * `X-Api-Key`; 429 (Retry-After) and 502/503 are retried with backoff by the shared
 * client. Items map onto enterprise inputs carrying their event. Sequence numbers may come
 * as JSON numbers or as digit strings.
 */
import { z } from 'zod';
import { ConnectorError, type ConnectorContext, type PullItem } from '../contract.js';
import { getJson } from '../http.js';
import type { MarketRegistryConfig } from './config.js';

/** A sequence number as a JSON number or as its digits in a string (a feed that guards large ids); null otherwise. */
export function seqOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : null;
  return typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : null;
}

export const FeedPage = z.object({
  items: z.array(z.unknown()).max(1000),
  nextSince: z.unknown().transform((v, ctx) => seqOf(v) ?? (ctx.addIssue({ code: 'custom', message: 'nextSince is not a sequence number' }), z.NEVER)),
  hasMore: z.boolean(),
});
export type FeedPage = z.infer<typeof FeedPage>;

export async function fetchChanges(config: MarketRegistryConfig, ctx: ConnectorContext, since: number): Promise<FeedPage> {
  const feed = config.feed!;
  const u = new URL('/api/v1/enterprise-changes', feed.baseUrl);
  u.searchParams.set('since', String(since));
  u.searchParams.set('limit', String(feed.limit));
  const page = FeedPage.safeParse(
    await getJson(u.href, { connector: 'market-registry', signal: ctx.signal, timeoutMs: feed.timeoutMs, retries: feed.retries, headers: { 'x-api-key': ctx.secret(feed.apiKeyEnv) } }),
  );
  if (!page.success) throw new ConnectorError('CONNECTOR_PROTOCOL', 'market-registry', 'change-feed page does not match the API shape');
  return page.data;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

export function mapChange(item: unknown): PullItem {
  const raw = JSON.stringify(item) ?? 'null';
  const o = (typeof item === 'object' && item !== null && !Array.isArray(item) ? item : null) as Obj | null;
  const data = o && typeof o.data === 'object' && o.data !== null && !Array.isArray(o.data) ? (o.data as Obj) : null;
  const seq = o ? seqOf(o.seq) : null;
  if (!o || !data || seq === null) {
    return { ok: false, recordKind: 'enterprise', sourceKey: seq !== null ? `seq:${seq}` : null, raw, reasonCode: 'BAD_SHAPE', reason: 'change item needs a numeric seq and a data object' };
  }
  return {
    ok: true,
    sourceKey: `seq:${seq}`,
    raw,
    input: {
      kind: 'enterprise', event: { kind: str(o.event), seq, occurredAt: str(o.occurredAt) },
      uscc: str(data.uscc) ?? str(o.uscc), regNo: str(data.regNo), name: str(data.name), entityType: str(data.entityType),
      legalRepName: str(data.legalRepName), legalRepIdType: str(data.legalRepIdType), legalRepIdNumber: str(data.legalRepIdNumber),
      registeredCapital: typeof data.registeredCapital === 'number' ? data.registeredCapital : str(data.registeredCapital),
      establishedOn: str(data.establishedOn), status: str(data.status), address: str(data.address), divisionCode: str(data.divisionCode),
      industryCode: str(data.industryCode), registrationAuthority: str(data.registrationAuthority), approvedOn: str(data.approvedOn),
      deregisteredOn: str(data.deregisteredOn),
    },
  };
}
