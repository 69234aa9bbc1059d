/**
 * The operations console in a real browser (Debian's Chromium, as for GraphiQL), with every
 * request that is not the hub's own refused: the admin key typed in shows every source
 * with its freshness, recent sync runs with counts, the quarantine with its raw rows as
 * text (a hostile raw row stays text), the hub's figures; reprocessing a selected row
 * reports its outcome; an alert a webhook raises appears in the live feed. The screenshot
 * lands in .ci/out/console.png.
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../src/alerts/evaluate.js';
import { elicenseItems } from '../../src/simulator/elicense.outlet.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { DEMO_KEYS } from '../support/keys.js';
import { pushLicense } from '../support/push.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';

const available = chromiumAvailable;

let t: TestHub;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  t = await startTestHub({ enterprises: 120 });
  await t.hub.scheduler!.firstRound;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

it.skipIf(!available)('shows sources, runs, quarantine, figures and live alerts from the hub alone, and reprocesses', async () => {
  const origin = new URL(t.hub.url).origin;
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const outside: string[] = [];
  await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : (outside.push(route.request().url()), route.abort())));
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(`${origin}/console`, { waitUntil: 'load' });
  await page.fill('#key', DEMO_KEYS.admin);
  await page.click('#login button');

  const sources = (await t.gql('{ sources { id } }')).body.data.sources.length as number;
  await expect.poll(() => page.locator('#sources tbody tr').count(), { timeout: 20_000 }).toBe(sources);
  expect(await page.locator('#sources tbody').textContent()).toContain('market-registry');
  await expect.poll(() => page.locator('#runs tbody tr').count()).toBeGreaterThan(0);
  expect(await page.locator('#runs tbody').textContent()).toContain('succeeded');
  // The quarantine: as many unresolved rows as the hub holds (up to a page), raw content as text.
  const unresolved = (await t.gql('{ quarantine(first: 50, filter: { unresolved: true }) { edges { node { id raw } } } }')).body.data.quarantine.edges as { node: { id: string; raw: string } }[];
  expect(unresolved.length).toBeGreaterThan(0);
  await expect.poll(() => page.locator('#quarantine tbody tr').count()).toBe(unresolved.length);
  expect(await page.locator('#quarantine pre.raw').first().textContent()).toBe(unresolved[0]!.node.raw);
  expect(await page.locator('#quarantine script, #quarantine img').count()).toBe(0);
  await expect.poll(async () => (await page.locator('#tiles').textContent()) ?? '').toContain('operations');

  // Reprocess the first row that may be: the outcome is reported and the list reloads.
  const pick = page.locator('input.pick:not([disabled])').first();
  if ((await pick.count()) > 0) {
    await pick.check();
    await page.click('#reprocess');
    await expect.poll(async () => (await page.locator('#reprocessed').textContent()) ?? '', { timeout: 20_000 }).toMatch(/^重处理 1 条/);
  }

  // The live feed: an alert a webhook raises now.
  await expect.poll(() => t.hub.events.stats().subscribers, { timeout: 20_000 }).toBeGreaterThan(0);
  const l = { ...elicenseItems(t.hub.simulator!.world).find((x) => x.holderIdType === 'USCC')!, status: 'VALID', validTo: addDays(chinaToday(new Date()), 7), updatedAt: new Date().toISOString() };
  await pushLicense(t.hub.url, l);
  await expect.poll(async () => (await page.locator('#feed').textContent()) ?? '', { timeout: 20_000 }).toContain('LICENSE_EXPIRING');

  mkdirSync('.ci/out', { recursive: true });
  await page.screenshot({ path: '.ci/out/console.png', fullPage: true });
  expect(outside).toEqual([]);
  expect(pageErrors).toEqual([]);
});

it.skipIf(!available)('refuses its figures to a key that may not read operations', async () => {
  const origin = new URL(t.hub.url).origin;
  const res = await fetch(`${origin}/console/summary.json`, { headers: { authorization: `Bearer ${DEMO_KEYS.market}` } });
  expect(res.status).toBe(403);
  expect((await fetch(`${origin}/console/summary.json`)).status).toBe(403);
  const ok = await fetch(`${origin}/console/summary.json`, { headers: { authorization: `Bearer ${DEMO_KEYS.admin}` } });
  expect(((await ok.json()) as { label: string }[]).map((x) => x.label)).toContain('操作 (operations)');
});
