/**
 * simulator/market-feed.outlet
 *
 * The market-registry REST change feed: `GET /api/v1/enterprise-changes?since=&limit=`
 * with `X-Api-Key`. Sequence numbers only grow; one enterprise may change many times.
 * Under "load" it answers 429 with Retry-After, or 502/503, on a fixed share of calls
 * (deterministic, so tests can count on it) — clients must retry with backoff.
 */
import type { WEnterprise, World } from './world.js';
import { firstIndexAfter, intParam, sendJson, startHttpOutlet, type HttpOutlet } from './http-outlet.js';

export interface MarketFeedItem {
  seq: number;
  event: 'SETUP' | 'CHANGE' | 'CANCEL' | 'REVOKE';
  uscc: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface MarketFeedOptions {
  readonly apiKey: string;
  /** Every Nth call answers 429 (Retry-After: 1); 0 turns it off. @default 0 */
  readonly throttleEvery?: number;
  /** Every Nth call answers 503; 0 turns it off. @default 0 */
  readonly failEvery?: number;
}

function feedData(e: WEnterprise): Record<string, unknown> {
  return {
    uscc: e.uscc, regNo: e.regNo, name: e.name, entityType: e.entityType, legalRepName: e.legalRep.name, legalRepIdType: '身份证',
    legalRepIdNumber: e.legalRep.idNumber, registeredCapital: e.capital, establishedOn: e.establishedOn, status: e.status,
    address: e.address, divisionCode: e.division, industryCode: e.industryCode, registrationAuthority: e.authority,
    approvedOn: e.approvedOn, deregisteredOn: e.deregisteredOn,
  };
}

/** The feed's history: a SETUP per enterprise, some address changes, and cancellations/revocations. */
export function marketFeedItems(world: World): MarketFeedItem[] {
  const items: Omit<MarketFeedItem, 'seq'>[] = [];
  for (const e of world.enterprises()) {
    if (e.legacy !== 'none') continue;
    const data = feedData(e);
    items.push({ event: 'SETUP', uscc: e.uscc, occurredAt: `${e.establishedOn}T09:00:00+08:00`, data });
    const r = world.rng('market-feed', e.index);
    // Changes after the day's bulk file was cut: the feed is newer than the file.
    const after = new Date(world.asOfMs + r.int(1, 500) * 3_600_000).toISOString().replace('.000Z', '+00:00');
    if (r.chance(0.1)) items.push({ event: 'CHANGE', uscc: e.uscc, occurredAt: after, data: { ...data, address: `${e.address}(变更)` } });
    if (e.status === '注销' && e.deregisteredOn) items.push({ event: 'CANCEL', uscc: e.uscc, occurredAt: `${e.deregisteredOn}T15:00:00+08:00`, data });
    if (e.status === '吊销') items.push({ event: 'REVOKE', uscc: e.uscc, occurredAt: `${e.approvedOn}T16:00:00+08:00`, data });
  }
  items.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  return items.map((it, i) => ({ ...it, seq: 1000 + i }));
}

export async function startMarketFeedOutlet(world: World, o: MarketFeedOptions): Promise<HttpOutlet & { items: MarketFeedItem[] }> {
  const items = marketFeedItems(world);
  let calls = 0;
  const outlet = await startHttpOutlet((req, url, res) => {
    if (req.headers['x-api-key'] !== o.apiKey) return sendJson(res, 401, { error: 'invalid api key' });
    if (url.pathname !== '/api/v1/enterprise-changes') return sendJson(res, 404, { error: 'not found' });
    calls++;
    if (o.throttleEvery && calls % o.throttleEvery === 0) return sendJson(res, 429, { error: 'too many requests' }, { 'retry-after': '1' });
    if (o.failEvery && calls % o.failEvery === 0) return sendJson(res, 503, { error: 'service unavailable' });
    const since = intParam(url, 'since', 0, Number.MAX_SAFE_INTEGER) ?? 0;
    const limit = intParam(url, 'limit', 1, 1000) ?? 100;
    if (Number.isNaN(since) || Number.isNaN(limit)) return sendJson(res, 400, { error: 'since must be ≥ 0 and limit 1-1000' });
    const lo = firstIndexAfter(items, (it) => it.seq, since);
    const page = items.slice(lo, lo + limit);
    return sendJson(res, 200, { items: page, nextSince: page.at(-1)?.seq ?? since, hasMore: lo + limit < items.length });
  });
  return { ...outlet, items };
}
