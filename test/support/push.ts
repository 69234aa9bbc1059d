/**
 * test/support/push
 *
 * Delivers one license through the e-license webhook of a hub, signed with the demo
 * secret, and insists it was stored (200): how the tests cause a change through a real
 * connector.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { sign } from '../../connectors/e-license/push.js';

export async function pushLicense<L extends { updatedAt: string }>(hubUrl: string, license: L): Promise<L> {
  const body = JSON.stringify({ eventId: `evt-${randomUUID()}`, type: 'license.updated', occurredAt: license.updatedAt, license });
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await fetch(new URL('/sources/e-license/push', hubUrl), {
    method: 'POST', body,
    headers: { 'content-type': 'application/json', 'x-timestamp': ts, 'x-signature': sign(process.env.GOVGRAPH_SIM_ELICENSE_PUSH_SECRET!, ts, body) },
  });
  expect(res.status).toBe(200);
  return license;
}
