/**
 * test/support/browser
 *
 * Debian's Chromium driven by playwright-core, for the page tests (GraphiQL, the console).
 * Where it is missing the page tests are skipped — except under CI, where a missing browser
 * fails them. `CHROMIUM_PATH` overrides where it is looked for.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumAvailable = existsSync(executablePath);
if (!chromiumAvailable && process.env.CI === 'true') throw new Error(`CI needs Chromium at ${executablePath} for the page tests`);

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
