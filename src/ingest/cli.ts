/**
 * ingest/cli
 *
 * `npm run sync -- <source> [--from-start]`: runs one configured source to completion
 * against the hub's database, with a progress line on stderr and a summary table on
 * stdout. With the demo config the simulator is started for the run. Exit code 0 when
 * the run succeeded, 1 when it failed, 2 when it could not start (usage, configuration,
 * or the embedded database folder held by a running hub).
 */
import { cpuUsage } from 'node:process';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { syncState } from '../../schema/index.js';
import { ConfigError, loadSettings } from '../config.js';
import { openDatabase } from '../db/client.js';
import { FolderLockedError } from '../db/folder-lock.js';
import { startDemoSources } from '../demo-sources.js';
import { PersonKeyring } from './person-keyring.js';
import type { SyncCounts } from './counts.js';
import { sourceFromConfig, syncSource } from './pipeline.js';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'from-start': { type: 'boolean', default: false } } });
const settings = (() => {
  try {
    return loadSettings();
  } catch (e) {
    console.error((e as ConfigError).message);
    process.exit(2);
  }
})();
const ids = settings.config.sources.map((s) => s.id);
const sourceId = positionals[0];
const source = settings.config.sources.find((s) => s.id === sourceId);
if (!source) {
  console.error(`usage: npm run sync -- <source> [--from-start]\nsources in ${settings.configPath}: ${ids.join(', ')}`);
  process.exit(2);
}

const database = await openDatabase({ url: settings.databaseUrl, dataDir: settings.dataDir, role: 'sync' }).catch((e: unknown) => {
  if (!(e instanceof FolderLockedError)) throw e;
  console.error(e.message);
  process.exit(2);
});
await database.migrate();
const keyring = PersonKeyring.forStore(settings);
const demo = settings.config.demo
  ? await startDemoSources({ demo: settings.config.demo, dataDir: settings.dataDir, taxDsn: settings.simulatorTaxDsn, database })
  : null;
if (values['from-start']) await database.db.delete(syncState).where(eq(syncState.sourceId, source.id));

const started = Date.now();
const cpuAtStart = cpuUsage();
const tty = process.stderr.isTTY;
const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const progress = (c: SyncCounts) => {
  const secs = (Date.now() - started) / 1000;
  const line = `${spinner[c.batches % spinner.length]} ${source.id}  batches ${c.batches}  read ${c.read}  new ${c.inserted}  changed ${c.updated}  quarantined ${c.quarantined}  ${Math.round(c.read / Math.max(secs, 0.001))} rec/s`;
  if (tty) process.stderr.write(`\r\x1b[2K${line}`);
  else process.stderr.write(`${line}\n`);
};
const summary = await syncSource(
  { database, keyring, log: pino({ level: 'silent' }), databaseUrl: settings.databaseUrl, views: settings.config.views },
  sourceFromConfig(source),
  { onBatch: progress },
);
if (tty) process.stderr.write('\n');
const secs = (Date.now() - started) / 1000;
const rows: [string, string | number][] = [
  ['source', source.id], ['status', summary.status], ['run', summary.runId], ['seconds', secs.toFixed(1)],
  ...Object.entries(summary.counts).map(([k, v]) => [k, v] as [string, number]),
  ['retries', summary.retries],
  ['records/s', Math.round(summary.counts.read / Math.max(secs, 0.001))],
  ['peak RSS MB', Math.round(process.resourceUsage().maxRSS / 1024)],
  ['CPU ms/record', ((cpuUsage(cpuAtStart).user + cpuUsage(cpuAtStart).system) / 1000 / Math.max(summary.counts.read, 1)).toFixed(3)],
];
if (summary.error) rows.push(['error', summary.error]);
const width = Math.max(...rows.map(([k]) => k.length));
console.log(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n'));
await demo?.stop();
await database.close();
process.exit(summary.status === 'succeeded' ? 0 : 1);
