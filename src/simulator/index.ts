/**
 * simulator
 *
 * The demo source systems, each in exactly its real format (../shared/sources/README.md):
 * the market-registry bulk file (GB18030) and REST change feed, the land REST API, the
 * real-estate XML drop folder, the e-license pull API, the credit platform's daily CSV
 * lists, and the tax views in a PostgreSQL schema. Credentials are made up per start and
 * handed over as env vars, as a real deployment hands over its secrets.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { writeCreditDay } from './credit.outlet.js';
import { startElicenseOutlet } from './elicense.outlet.js';
import type { HttpOutlet } from './http-outlet.js';
import { startLandOutlet, type LandOutlet } from './land.outlet.js';
import { startMarketFeedOutlet } from './market-feed.outlet.js';
import { writeMarketRegistryFile } from './market-registry.outlet.js';
import { writeRealestateDrop } from './realestate.outlet.js';
import { loadTaxExchange, type SqlRunner } from './tax.outlet.js';
import { World, isoDate, type WorldOptions } from './world.js';

export interface SimulatorOptions extends WorldOptions {
  /** Folder for file drops. */
  readonly dir: string;
  /** Where the tax views go (the hub's database in embedded mode). */
  readonly taxDb: SqlRunner;
}

export interface Simulator {
  readonly world: World;
  /** Env vars the demo config refers to: URLs, folders and credentials. */
  readonly env: Record<string, string>;
  readonly land: LandOutlet;
  readonly marketFeed: HttpOutlet;
  readonly elicense: HttpOutlet;
  readonly marketFile: string;
  readonly realestateFiles: readonly string[];
  readonly creditDay: string;
  /** Writes the credit platform's next day (asOf + `day`): its ledger holds the first loans granted since. */
  writeLaterCreditDay(day: number): Promise<string>;
  /** Writes day 1 once `after` settles and then `delayMs` pass (the demo's first loans); stop() cancels it. */
  laterCreditDayAfter(after: Promise<unknown>, delayMs: number): void;
  stop(): Promise<void>;
}

export const SIM_ENV = {
  marketDir: 'GOVGRAPH_SIM_MARKET_DIR',
  marketFeedUrl: 'GOVGRAPH_SIM_MARKET_FEED_URL',
  marketApiKey: 'GOVGRAPH_SIM_MARKET_API_KEY',
  landUrl: 'GOVGRAPH_SIM_LAND_URL',
  landToken: 'GOVGRAPH_SIM_LAND_TOKEN',
  realestateDir: 'GOVGRAPH_SIM_REALESTATE_DIR',
  elicenseUrl: 'GOVGRAPH_SIM_ELICENSE_URL',
  elicensePushSecret: 'GOVGRAPH_SIM_ELICENSE_PUSH_SECRET',
  creditDir: 'GOVGRAPH_SIM_CREDIT_DIR',
} as const;

const secret = () => randomBytes(24).toString('base64url');

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const world = new World(options);
  const date = isoDate(world.asOfMs).replace(/-/g, '');
  const dirs = {
    market: join(options.dir, 'market-registry'),
    realestate: join(options.dir, 'realestate'),
    credit: join(options.dir, 'credit'),
  };
  const marketFile = await writeMarketRegistryFile(world, dirs.market, date);
  const realestateFiles = await writeRealestateDrop(world, dirs.realestate, date);
  const creditDay = await writeCreditDay(world, dirs.credit, date);
  const landToken = secret();
  const marketApiKey = secret();
  const land = await startLandOutlet(world, landToken);
  const marketFeed = await startMarketFeedOutlet(world, { apiKey: marketApiKey, throttleEvery: 7, failEvery: 11 });
  const elicense = await startElicenseOutlet(world);
  await loadTaxExchange(world, options.taxDb);
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const writeLaterCreditDay = (day: number) => writeCreditDay(world, dirs.credit, isoDate(world.asOfMs + day * 86_400_000).replace(/-/g, ''), { day });
  return {
    world, land, marketFeed, elicense, marketFile, realestateFiles, creditDay, writeLaterCreditDay,
    laterCreditDayAfter(after, delayMs) {
      void after.then(() => {
        if (stopped) return;
        timer = setTimeout(() => void writeLaterCreditDay(1).catch(() => undefined), delayMs);
        timer.unref();
      }, () => undefined);
    },
    env: {
      [SIM_ENV.marketDir]: dirs.market,
      [SIM_ENV.marketFeedUrl]: marketFeed.url,
      [SIM_ENV.marketApiKey]: marketApiKey,
      [SIM_ENV.landUrl]: land.url,
      [SIM_ENV.landToken]: landToken,
      [SIM_ENV.realestateDir]: dirs.realestate,
      [SIM_ENV.elicenseUrl]: elicense.url,
      [SIM_ENV.elicensePushSecret]: secret(),
      [SIM_ENV.creditDir]: dirs.credit,
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.all([land.close(), marketFeed.close(), elicense.close()]);
    },
  };
}
