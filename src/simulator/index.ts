/**
 * simulator
 *
 * The demo source systems, each in exactly its real format: the market-registry bulk file
 * in a folder, the land REST API on a loopback port, and the tax views in a PostgreSQL
 * schema. Credentials are made up per start and handed over as env vars, as a real
 * deployment hands over its secrets.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { writeMarketRegistryFile } from './market-registry.outlet.js';
import { startLandOutlet, type LandOutlet } from './land.outlet.js';
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
  readonly marketFile: string;
  stop(): Promise<void>;
}

export const SIM_ENV = {
  marketDir: 'GOVGRAPH_SIM_MARKET_DIR',
  landUrl: 'GOVGRAPH_SIM_LAND_URL',
  landToken: 'GOVGRAPH_SIM_LAND_TOKEN',
} as const;

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const world = new World(options);
  const marketDir = join(options.dir, 'market-registry');
  const marketFile = await writeMarketRegistryFile(world, marketDir, isoDate(world.asOfMs).replace(/-/g, ''));
  const landToken = randomBytes(24).toString('base64url');
  const land = await startLandOutlet(world, landToken);
  await loadTaxExchange(world, options.taxDb);
  return {
    world,
    land,
    marketFile,
    env: { [SIM_ENV.marketDir]: marketDir, [SIM_ENV.landUrl]: land.url, [SIM_ENV.landToken]: landToken },
    stop: () => land.close(),
  };
}
