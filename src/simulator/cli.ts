/**
 * simulator/cli
 *
 * `npm run simulate -- [--enterprises N] [--seed S] [--dir D] [--tax-dsn URL]`: runs the
 * source simulator alone — writes the file drops, serves the HTTP sources on loopback,
 * loads the tax views into the PostgreSQL given (or an embedded one) — and prints the env
 * vars a hub's config needs. Stops on Ctrl-C. The same generator makes 2,000 or 1M
 * enterprises; only the flag changes.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { openDatabase } from '../db/client.js';
import { startSimulator } from './index.js';

const { values } = parseArgs({
  options: {
    enterprises: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '20261124' },
    dir: { type: 'string', default: 'data/simulator' },
    'tax-dsn': { type: 'string' },
  },
});
const enterprises = Number(values.enterprises);
const seed = Number(values.seed);
if (!Number.isInteger(enterprises) || enterprises < 1 || !Number.isInteger(seed)) {
  console.error('--enterprises must be a positive integer and --seed an integer');
  process.exit(2);
}
const taxDb = await openDatabase({ url: values['tax-dsn'], dataDir: 'memory://' });
const started = Date.now();
const sim = await startSimulator({ enterprises, seed, dir: resolve(values.dir), taxDb });
console.log(`simulated ${enterprises} enterprises (seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const [k, v] of Object.entries(sim.env)) console.log(`${k}=${v}`);
console.log(values['tax-dsn'] ? `tax views: schema tax_exchange in ${new URL(values['tax-dsn']).host}` : 'tax views: in-memory PGlite (pass --tax-dsn to load them into PostgreSQL)');
process.on('SIGINT', async () => {
  await sim.stop();
  await taxDb.close();
  process.exit(0);
});
