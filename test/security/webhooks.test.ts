/**
 * Battery G01–G05 (webhooks): the e-license library's signed push. The signature is an
 * HMAC over the timestamp and the raw bytes with the secret the receiving source's own
 * configuration names (never chosen by the payload), compared in constant time; the
 * timestamp must be within the tolerance either way; an event id is processed once. Each
 * refusal is a 4xx with a stable code, writes nothing, and leaves the hub answering; the
 * signature's hex may be in either case and an event id may be an integer. G06
 * and G07 (the audit chain and fail-closed) are in audit.test.
 */
import { randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { license, pushEvent } from '../../schema/index.js';
import { sign } from '../../connectors/e-license/push.js';
import { elicenseItems } from '../../src/simulator/elicense.outlet.js';
import { startTestHub, type TestHub } from '../support/hub.js';

let t: TestHub;
beforeAll(async () => {
  // The demo's sources, without their scheduled pulls: what lands here came by push.
  t = await startTestHub({ enterprises: 40, ingest: false });
}, 120_000);
afterAll(async () => t?.stop());

const secret = () => process.env.GOVGRAPH_SIM_ELICENSE_PUSH_SECRET!;
const now = () => Math.floor(Date.now() / 1000);
const post = (body: string, headers: Record<string, string>, source = 'e-license') =>
  fetch(new URL(`/sources/${source}/push`, t.hub.url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const signed = (body: string, ts = now(), key = secret()) => ({ 'x-timestamp': String(ts), 'x-signature': sign(key, String(ts), body) });

let n = 0;
/** A license.updated event for a license of the demo world, with a fresh event id. */
function event(status = 'REVOKED') {
  const l = elicenseItems(t.hub.simulator!.world)[n++]!;
  const eventId = `evt-g-${n}`;
  return { eventId, licenseId: l.licenseId, body: JSON.stringify({ eventId, type: 'license.updated', occurredAt: '2026-11-20T08:00:00+08:00', license: { ...l, status, updatedAt: '2026-11-20T08:00:00+08:00' } }) };
}

async function written() {
  const [events] = await t.hub.database.db.select({ n: count() }).from(pushEvent);
  const [licenses] = await t.hub.database.db.select({ n: count() }).from(license);
  return { events: events!.n, licenses: licenses!.n };
}

async function refused(res: Response, status: number, code: string, before: Awaited<ReturnType<typeof written>>) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(JSON.stringify(body)).not.toContain(secret());
  expect(await written(), 'nothing written').toEqual(before);
  expect((await fetch(new URL('/healthz', t.hub.url))).status).toBe(200);
}

describe('G: webhooks', () => {
  it('G01: a validly signed event replayed after the tolerance (10 minutes old) → 401 PUSH_STALE, not processed', async () => {
    const e = event();
    await refused(await post(e.body, signed(e.body, now() - 600)), 401, 'PUSH_STALE', await written());
  });

  it('G02: the same event id again within the tolerance is acknowledged and processed exactly once', async () => {
    const e = event('REVOKED');
    const first = await post(e.body, signed(e.body));
    expect(await first.json()).toMatchObject({ status: 'stored', eventId: e.eventId });
    const after = await written();
    // A replay — even one whose body was changed and re-signed — is a no-op.
    const changed = e.body.replace('"REVOKED"', '"VALID"');
    for (const body of [e.body, changed]) {
      const again = await post(body, signed(body));
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ status: 'duplicate', eventId: e.eventId });
    }
    expect(await written()).toEqual(after);
    const [row] = await t.hub.database.db.select({ status: license.status }).from(license).where(eq(license.licenseId, e.licenseId));
    expect(row!.status).toBe('REVOKED');
  });

  it('G03: a tampered body under the original signature → 401 PUSH_SIGNATURE', async () => {
    const e = event('REVOKED');
    const headers = signed(e.body);
    await refused(await post(e.body.replace('"REVOKED"', '"VALID"'), headers), 401, 'PUSH_SIGNATURE', await written());
    // One byte appended is as bad as one changed.
    await refused(await post(`${e.body} `, headers), 401, 'PUSH_SIGNATURE', await written());
  });

  it('G04: a timestamp far in the future, missing headers, another scheme or a malformed timestamp → 401', async () => {
    const e = event();
    const before = await written();
    await refused(await post(e.body, signed(e.body, now() + 600)), 401, 'PUSH_STALE', before);
    const good = signed(e.body);
    await refused(await post(e.body, { 'x-signature': good['x-signature'] }), 401, 'PUSH_SIGNATURE', before);
    await refused(await post(e.body, { 'x-timestamp': good['x-timestamp'] }), 401, 'PUSH_SIGNATURE', before);
    await refused(await post(e.body, { ...good, 'x-signature': good['x-signature'].replace('sha256=', 'v2=') }), 401, 'PUSH_SIGNATURE', before);
    await refused(await post(e.body, { ...good, 'x-signature': `${good['x-signature']} sha256=00` }), 401, 'PUSH_SIGNATURE', before);
    await refused(await post(e.body, { ...good, 'x-timestamp': `${good['x-timestamp']}.5` }), 401, 'PUSH_SIGNATURE', before);
    // Signed correctly but not JSON: refused after the signature, still nothing written.
    await refused(await post('not json', signed('not json')), 400, 'PUSH_MALFORMED', before);
  });

  it('G05: a signature made with another secret (another sender’s, or a rotated-out one) → 401; an unknown source → 404', async () => {
    const e = event();
    const before = await written();
    await refused(await post(e.body, signed(e.body, now(), randomBytes(32).toString('hex'))), 401, 'PUSH_SIGNATURE', before);
    await refused(await post(e.body, signed(e.body, now(), `${secret()}-old`)), 401, 'PUSH_SIGNATURE', before);
    // The secret comes from the receiving source's configuration: a source that takes no pushes is not a way in.
    await refused(await post(e.body, signed(e.body), 'credit'), 404, 'UNKNOWN_SOURCE', before);
    await refused(await post(e.body, signed(e.body), 'nope'), 404, 'UNKNOWN_SOURCE', before);
    // The same event, correctly signed, is accepted: the refusals were about the signature alone.
    expect(await (await post(e.body, signed(e.body))).json()).toMatchObject({ status: 'stored' });
  });

  it('takes the signature in upper-case hex or as SHA256=, and an integer event id as the same id in text', async () => {
    const l = elicenseItems(t.hub.simulator!.world)[n++]!;
    const id = 900_000 + n;
    const payload = (eventId: unknown) => JSON.stringify({ eventId, type: 'license.updated', occurredAt: '2026-11-20T08:00:00+08:00', license: { ...l, status: 'REVOKED', updatedAt: '2026-11-20T08:00:00+08:00' } });
    const body = payload(id);
    const h = signed(body);
    const shouted = { ...h, 'x-signature': `SHA256=${h['x-signature'].slice('sha256='.length).toUpperCase()}` };
    const first = await post(body, shouted);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: 'stored', eventId: String(id) });
    for (const again of [body, payload(String(id))]) {
      const res = await post(again, signed(again));
      expect(await res.json()).toMatchObject({ status: 'duplicate', eventId: String(id) });
    }
    const [row] = await t.hub.database.db.select({ status: license.status }).from(license).where(eq(license.licenseId, l.licenseId));
    expect(row!.status).toBe('REVOKED');
  });
});
