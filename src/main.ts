/**
 * main
 *
 * `npm start`: the hub on PGlite (or DATABASE_URL), the demo simulator, connectors
 * ingesting, GraphQL and GraphiQL at http://localhost:4000/graphql (PORT overrides). Runs
 * built (`node dist/main.js`); SIGTERM or SIGINT drains it (Hub.stop); a second SIGINT exits at once.
 */
import { pino } from 'pino';
import { ConfigError, loadSettings } from './config.js';
import { FolderLockedError } from './db/folder-lock.js';
import { startHub } from './hub.js';

// Written asynchronously: lines logged while a write is under way (a request log per request) go out together,
// not one blocking write each; pino flushes what is left when the process exits.
const log = pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination({ dest: 1, sync: false }));

try {
  const s = loadSettings();
  const hub = await startHub({
    config: s.config, databaseUrl: s.databaseUrl, dataDir: s.dataDir, port: s.port, host: s.host,
    personKey: s.personKey, production: s.production, simulatorTaxDsn: s.simulatorTaxDsn, log,
  });
  log.info({ url: hub.url, database: hub.database.kind, config: s.configPath }, `govgraph is serving GraphQL${s.production ? '' : ' and GraphiQL'} at ${hub.url}`);
  hub.scheduler?.firstRound.then((runs) => log.info({ runs: runs.map((r) => ({ source: r.sourceId, status: r.status, ...r.counts })) }, 'first ingest round finished'));
  const drainMs = s.config.platform.drainSeconds * 1000;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      // npm passes its own SIGTERM on as well: a repeated SIGTERM is ignored; a second Ctrl-C means now.
      if (signal !== 'SIGINT') return;
      log.warn({ signal }, 'a second SIGINT: exiting without finishing the drain');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, drainMs }, 'draining: not ready, no new connections, in-flight requests finishing');
    // Past the drain and 10 s for closing, something hangs: leave anyway, saying so.
    setTimeout(() => {
      log.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, drainMs + 10_000).unref();
    await hub.stop(drainMs);
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (e) {
  if (e instanceof ConfigError || e instanceof FolderLockedError) log.error(e.message);
  else log.error({ err: e }, 'govgraph failed to start');
  process.exit(1);
}
