/**
 * main
 *
 * `npm start`: the hub on PGlite (or DATABASE_URL), the demo simulator, connectors
 * ingesting, GraphQL and GraphiQL at http://localhost:4000/graphql (PORT overrides).
 */
import { pino } from 'pino';
import { ConfigError, loadSettings } from './config.js';
import { FolderLockedError } from './db/folder-lock.js';
import { startHub } from './hub.js';

const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });

try {
  const s = loadSettings();
  const hub = await startHub({
    config: s.config, databaseUrl: s.databaseUrl, dataDir: s.dataDir, port: s.port, host: s.host,
    personKey: s.personKey, production: s.production, simulatorTaxDsn: s.simulatorTaxDsn, log,
  });
  log.info({ url: hub.url, database: hub.database.kind, config: s.configPath }, `govgraph is serving GraphQL${s.production ? '' : ' and GraphiQL'} at ${hub.url}`);
  hub.scheduler?.firstRound.then((runs) => log.info({ runs: runs.map((r) => ({ source: r.sourceId, status: r.status, ...r.counts })) }, 'first ingest round finished'));
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await hub.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (e) {
  if (e instanceof ConfigError || e instanceof FolderLockedError) log.error(e.message);
  else log.error({ err: e }, 'govgraph failed to start');
  process.exit(1);
}
