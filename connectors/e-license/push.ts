/**
 * e-license/push
 *
 * The library's webhook: body `{eventId, type, occurredAt, license}`, headers
 * `X-Timestamp` (unix seconds) and `X-Signature: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<raw body>">`. A bad signature or a timestamp more than the tolerance off
 * is refused; the signature (hex in either case) is compared in constant time, as bytes,
 * over the raw body. An integer eventId is taken as its text.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { PushRejected, type ConnectorContext, type PushEvent, type PushRequest } from '../contract.js';
import type { ElicenseConfig } from './config.js';
import { mapLicense } from './map.js';

const TYPES = new Set(['license.issued', 'license.updated', 'license.revoked']);

/** HMAC-SHA256 of `"<timestamp>.<raw body>"` with the shared secret. */
const digest = (secret: string, timestamp: string, body: Buffer | string) => createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();

/** The `X-Signature` the library sends for a body (the simulator and tests sign with it). */
export function sign(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${digest(secret, timestamp, body).toString('hex')}`;
}

export function receiveLicensePush(config: ElicenseConfig, ctx: ConnectorContext, req: PushRequest): PushEvent {
  if (!config.push) throw new PushRejected(401, 'PUSH_SIGNATURE', 'this source does not accept pushes');
  const ts = req.headers['x-timestamp'] ?? '';
  const sig = req.headers['x-signature'] ?? '';
  if (!/^\d{1,12}$/.test(ts)) throw new PushRejected(401, 'PUSH_SIGNATURE', 'X-Timestamp must be unix seconds');
  // The digest's bytes are compared: hex in either case, `sha256=` in either case.
  const expected = digest(ctx.secret(config.push.secretEnv), ts, req.body);
  const hex = /^sha256=([0-9a-f]{64})$/i.exec(sig.trim())?.[1];
  const given = hex ? Buffer.from(hex, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new PushRejected(401, 'PUSH_SIGNATURE', 'signature does not match');
  if (Math.abs(ctx.now().getTime() / 1000 - Number(ts)) > config.push.toleranceSeconds) {
    throw new PushRejected(401, 'PUSH_STALE', `timestamp is more than ${config.push.toleranceSeconds} s off`);
  }
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new PushRejected(400, 'PUSH_MALFORMED', 'body is not JSON');
  }
  const o = body as { eventId?: unknown; type?: unknown; license?: unknown };
  // An id the library numbers (12345) is the same id as its text ("12345").
  const eventId = typeof o === 'object' && o !== null ? (Number.isSafeInteger(o.eventId) ? String(o.eventId) : o.eventId) : undefined;
  if (typeof eventId !== 'string' || eventId.length === 0 || eventId.length > 200) {
    throw new PushRejected(422, 'PUSH_MALFORMED', 'eventId must be a string of 1-200 characters or an integer');
  }
  if (typeof o.type !== 'string' || !TYPES.has(o.type)) throw new PushRejected(422, 'PUSH_MALFORMED', `type must be one of ${[...TYPES].join(', ')}`);
  return { eventId, items: [mapLicense(o.license)] };
}
