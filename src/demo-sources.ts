/**
 * demo-sources
 *
 * Starts the demo source simulator for a hub or a one-off `npm run sync`: its files go
 * under the data folder, its tax views into GOVGRAPH_SIM_TAX_DSN or the hub's own
 * database, and the env vars the demo config names are set for the connectors.
 */
import { join } from 'node:path';
import { openDatabase, type Database } from './db/client.js';
import { startSimulator, type Simulator } from './simulator/index.js';
import type { WorldOptions } from './simulator/world.js';

export interface DemoSourcesOptions {
  readonly demo: WorldOptions;
  /** The hub's data folder (`memory://…` in tests). */
  readonly dataDir: string;
  /** Where the file drops go. @default <dataDir>/simulator, or .govgraph/simulator in memory */
  readonly dir?: string;
  /** PostgreSQL URL for the tax views; absent → `database`. */
  readonly taxDsn?: string;
  readonly database: Database;
}

export interface DemoSources {
  readonly simulator: Simulator;
  stop(): Promise<void>;
}

export async function startDemoSources(o: DemoSourcesOptions): Promise<DemoSources> {
  const taxDb = o.taxDsn ? await openDatabase({ url: o.taxDsn, poolSize: 2 }) : null;
  const dir = o.dir ?? join(o.dataDir.startsWith('memory://') ? '.govgraph' : o.dataDir, 'simulator');
  const simulator = await startSimulator({ ...o.demo, dir, taxDb: taxDb ?? o.database });
  Object.assign(process.env, simulator.env, { GOVGRAPH_SIM_TAX_DSN: o.taxDsn ?? 'embedded' });
  return {
    simulator,
    async stop() {
      await simulator.stop();
      await taxDb?.close();
    },
  };
}
