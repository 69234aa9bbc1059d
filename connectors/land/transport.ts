/**
 * land/transport
 *
 * The land system's REST API: parcels paged by `updatedAfter` + page token, events by
 * `afterId`, bearer token on every call.
 */
import type { ConnectorContext } from '../contract.js';
import { getJson } from '../http.js';
import type { LandConfig } from './config.js';

export interface ParcelsPage {
  parcels: unknown[];
  nextPageToken: string | null;
}
export interface EventsPage {
  events: unknown[];
  hasMore: boolean;
}

function options(config: LandConfig, ctx: ConnectorContext) {
  return { connector: 'land', signal: ctx.signal, timeoutMs: config.timeoutMs, maxBytes: config.maxResponseBytes, headers: { authorization: `Bearer ${ctx.secret(config.tokenEnv)}` } };
}

export function fetchParcels(config: LandConfig, ctx: ConnectorContext, updatedAfter: string | null, pageToken: string | null): Promise<ParcelsPage> {
  const u = new URL('/land/v2/parcels', config.baseUrl);
  if (updatedAfter) u.searchParams.set('updatedAfter', updatedAfter);
  if (pageToken) u.searchParams.set('pageToken', pageToken);
  u.searchParams.set('pageSize', String(config.pageSize));
  return getJson<ParcelsPage>(u.href, options(config, ctx));
}

export function fetchEvents(config: LandConfig, ctx: ConnectorContext, afterId: number): Promise<EventsPage> {
  const u = new URL('/land/v2/events', config.baseUrl);
  u.searchParams.set('afterId', String(afterId));
  u.searchParams.set('limit', String(config.eventLimit));
  return getJson<EventsPage>(u.href, options(config, ctx));
}
