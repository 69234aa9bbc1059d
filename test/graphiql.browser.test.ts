/**
 * GraphiQL in a real browser (Debian's Chromium driven by playwright-core): the page loads
 * and runs a query with every non-loopback request refused, so nothing comes from a CDN.
 * CI installs Chromium; on a machine without it the test is skipped, except under CI
 * where a missing browser fails it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(executablePath);
if (!available && process.env.CI === 'true') throw new Error(`CI needs Chromium at ${executablePath} for the GraphiQL browser test`);

let t: TestHub;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  t = await startTestHub({ enterprises: 60 });
  await t.hub.scheduler!.firstRound;
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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
  expect(outside).toEqual([]);
  expect(pageErrors).toEqual([]);
});
