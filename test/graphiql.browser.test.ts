/**
 * GraphiQL in a real browser (Debian's Chromium driven by playwright-core): the page loads
 * and runs a query with every non-loopback request refused, so nothing comes from a CDN,
 * opens with the saved example operations and offers the Explorer;
 * and a subscription typed into it receives an alert raised by a webhook push.
 * CI installs Chromium; on a machine without it the test is skipped, except under CI
 * where a missing browser fails it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, chinaToday } from '../src/alerts/evaluate.js';
import { GRAPHIQL_EXAMPLES } from '../src/server/graphiql-examples.js';
import { elicenseItems } from '../src/simulator/elicense.outlet.js';
import { startTestHub, type TestHub } from './support/hub.js';
import { pushLicense } from './support/push.js';
import { chromiumAvailable, launchChromium } from './support/browser.js';

const available = chromiumAvailable;

let t: TestHub;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  t = await startTestHub({ enterprises: 60 });
  await t.hub.scheduler!.firstRound;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

it.skipIf(!available)('loads GraphiQL from the hub alone and runs a query', async () => {
  const page = await browser.newPage();
  const outside: string[] = [];
  const origin = new URL(t.hub.url).origin;
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // A resource the page's CSP refuses (an outside URL) never becomes a request: it shows up here.
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });

  await page.goto(t.hub.url, { waitUntil: 'load' });
  await page.locator('.graphiql-execute-button').click({ timeout: 20_000 });
  const result = page.locator('.graphiql-response');
  await expect.poll(async () => (await result.textContent()) ?? '', { timeout: 20_000 }).toContain('"totalCount"');
  const text = (await result.textContent()) ?? '';
  expect(text).toMatch(/"uscc": "9134\d{4}/);
  // It opens with a tab per saved example operation, and the Explorer builds queries from the schema.
  await expect.poll(() => page.locator('.graphiql-tabs .graphiql-tab').count()).toBe(GRAPHIQL_EXAMPLES.length);
  await page.locator('button[aria-label="Show GraphiQL Explorer"]').click();
  await expect.poll(() => page.locator('.graphiql-explorer-root').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  expect(await page.locator('.graphiql-explorer-root').textContent()).toContain('enterpriseStats');
  expect(outside).toEqual([]);
  expect(pageErrors).toEqual([]);
});

it.skipIf(!available)('runs a subscription over WebSocket from GraphiQL and shows the alert a push raises', async () => {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(t.hub.url, { waitUntil: 'load' });
  await page.locator('.graphiql-query-editor .CodeMirror').waitFor({ timeout: 20_000 });
  await page.evaluate(() => {
    const cm = ((globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror;
    cm.setValue('subscription LiveAlerts { alerts(filter: { kinds: [LICENSE_EXPIRING] }) { kind subjectKey title } }');
  });
  // GraphiQL reads the operations from the editor after a short debounce.
  await page.waitForTimeout(1000);
  await page.locator('.graphiql-execute-button').click();
  await expect.poll(() => t.hub.events.stats().subscribers, { timeout: 20_000 }).toBeGreaterThan(0);

  const l = { ...elicenseItems(t.hub.simulator!.world).find((x) => x.holderIdType === 'USCC')!, status: 'VALID', validTo: addDays(chinaToday(new Date()), 7), updatedAt: new Date().toISOString() };
  await pushLicense(t.hub.url, l);
  const result = page.locator('.graphiql-response');
  await expect.poll(async () => (await result.textContent()) ?? '', { timeout: 20_000 }).toContain(l.licenseId);
  expect((await result.textContent()) ?? '').toContain('LICENSE_EXPIRING');
  expect(pageErrors).toEqual([]);
});
