/**
 * What the connectors' HTTP side accepts from a department's API where the sources README
 * is silent: a `Retry-After` given as an HTTP date as well as in seconds (RFC 9110 allows
 * both), and a last page that leaves its next token out instead of sending null. Against a
 * real HTTP server on port 0.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorContext } from './contract.js';
import { ElicenseConfig } from './e-license/config.js';
import { fetchLicenses } from './e-license/transport.js';
import { getJson, retryAfterMs } from './http.js';
import { checkParcelsPage } from './land/parse.js';

/** Each request takes the next answer; the last one repeats. */
let answers: { status: number; headers?: Record<string, string>; body?: string }[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    const a = answers.length > 1 ? answers.shift()! : answers[0]!;
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(a.body ?? '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('Retry-After', () => {
  const now = Date.parse('2026-12-02T08:00:00.000Z');

  it('reads delay-seconds and every HTTP date form, capped at a minute', () => {
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs(' 7 ', now)).toBe(7000);
    expect(retryAfterMs('3600', now)).toBe(60_000);
    expect(retryAfterMs('Wed, 02 Dec 2026 08:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Wednesday, 02-Dec-26 08:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Wed Dec  2 08:00:10 2026 GMT', now)).toBe(10_000);
    expect(retryAfterMs('Thu, 03 Dec 2026 08:00:00 GMT', now)).toBe(60_000);
  });

  it('leaves the caller its own backoff when the header asks for no wait or cannot be read', () => {
    for (const header of [null, '', '0', 'Wed, 02 Dec 2026 07:59:00 GMT', 'soon', '-5', '1.5']) {
      expect(retryAfterMs(header, now), String(header)).toBeNull();
    }
  });

  it('waits until the date a 429 names before asking again', async () => {
    answers = [{ status: 429, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } }, { status: 200, body: '{"ok":true}' }];
    const started = performance.now();
    const got = await getJson<{ ok: boolean }>(`${base}/feed`, { connector: 'test', signal: new AbortController().signal, backoffMs: 1 });
    expect(got).toEqual({ ok: true });
    // The date has whole seconds: between 1 and 2 s from now. The backoff alone would be 1 ms.
    expect(performance.now() - started).toBeGreaterThan(900);
  });
});

describe('the last page of a paged API', () => {
  it('land: no nextPageToken, null or empty all end the parcels', () => {
    for (const page of [{ parcels: [] }, { parcels: [], nextPageToken: null }, { parcels: [], nextPageToken: '' }]) {
      expect(checkParcelsPage(page).nextPageToken).toBeNull();
    }
    expect(checkParcelsPage({ parcels: [], nextPageToken: 'p2' }).nextPageToken).toBe('p2');
    expect(() => checkParcelsPage({ parcels: [], nextPageToken: 7 })).toThrow(/API shape/);
  });

  it('e-license: no nextCursor, null or empty all end the pull', async () => {
    const ctx = { signal: new AbortController().signal, secret: () => '' } as unknown as ConnectorContext;
    const config = ElicenseConfig.parse({ baseUrl: base });
    for (const body of ['{"items":[]}', '{"items":[],"nextCursor":null}', '{"items":[],"nextCursor":""}']) {
      answers = [{ status: 200, body }];
      expect((await fetchLicenses(config, ctx, null, null)).nextCursor, body).toBeNull();
    }
    answers = [{ status: 200, body: '{"items":[],"nextCursor":"c2"}' }];
    expect((await fetchLicenses(config, ctx, null, null)).nextCursor).toBe('c2');
  });
});
