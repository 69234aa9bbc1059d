/**
 * land/parse
 *
 * Checks the shape of each page before anything is mapped: a page that is not what the
 * API promises is a protocol error for the whole run, not a pile of bad rows. The last
 * parcels page may carry `nextPageToken: null`, an empty token, or none at all.
 */
import { z } from 'zod';
import { ConnectorError } from '../contract.js';
import type { EventsPage, ParcelsPage } from './transport.js';

const ParcelsPageShape = z.object({ parcels: z.array(z.unknown()).max(500), nextPageToken: z.string().max(4096).nullish().transform((t) => t || null) });
const EventsPageShape = z.object({ events: z.array(z.unknown()).max(1000), hasMore: z.boolean() });

export function checkParcelsPage(page: unknown): ParcelsPage {
  const r = ParcelsPageShape.safeParse(page);
  if (!r.success) throw new ConnectorError('CONNECTOR_PROTOCOL', 'land', 'parcels page does not match the API shape');
  return r.data;
}

export function checkEventsPage(page: unknown): EventsPage {
  const r = EventsPageShape.safeParse(page);
  if (!r.success) throw new ConnectorError('CONNECTOR_PROTOCOL', 'land', 'events page does not match the API shape');
  return r.data;
}
