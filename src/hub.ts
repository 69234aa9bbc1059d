/**
 * hub
 *
 * The composition root: database (PGlite or PostgreSQL) with migrations applied, the demo
 * simulator when configured, the ingest scheduler, and GraphQL over HTTP with GraphiQL.
 * `main.ts` starts it for `npm start`; tests start it on port 0.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino, type Logger } from 'pino';
import type { HubConfigFile } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { buildHubSchema } from './graphql/build-schema.js';
import { createContext } from './graphql/context.js';
import { PersonKeyring } from './ingest/person-keyring.js';
import { createIngestOps } from './ingest/ops.js';
import { createPushHandler } from './ingest/push.js';
import { startScheduler, type Scheduler } from './ingest/scheduler.js';
import { createApollo } from './server/apollo.js';
import { createHttpServer } from './server/http.js';
import type { Simulator } from './simulator/index.js';
import { startDemoSources } from './demo-sources.js';

export interface HubOptions {
  readonly config: HubConfigFile;
  /** PostgreSQL URL; absent → PGlite. */
  readonly databaseUrl?: string;
  /** PGlite folder; `memory://` for tests. */
  readonly dataDir: string;
  /** Where the demo simulator drops its files. */
  readonly simulatorDir?: string;
  /** PostgreSQL URL for the simulated tax views; absent → the hub's own database. */
  readonly simulatorTaxDsn?: string;
  readonly port: number;
  readonly host?: string;
  readonly personKey?: string;
  readonly production?: boolean;
  readonly log?: Logger;
  /** Start the ingest scheduler. @default true */
  readonly ingest?: boolean;
}

export interface Hub {
  readonly url: string;
  readonly port: number;
  readonly database: Database;
  readonly scheduler: Scheduler | null;
  readonly simulator: Simulator | null;
  readonly keyring: PersonKeyring;
  readonly server: Server;
  stop(): Promise<void>;
}

export async function startHub(o: HubOptions): Promise<Hub> {
  const log = o.log ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const database = await openDatabase({ url: o.databaseUrl, dataDir: o.dataDir });
  await database.migrate();
  const keyring = PersonKeyring.forStore(o);

  const demo = o.config.demo
    ? await startDemoSources({ demo: o.config.demo, dataDir: o.dataDir, dir: o.simulatorDir, taxDsn: o.simulatorTaxDsn, database })
    : null;
  const simulator = demo?.simulator ?? null;
  if (o.config.demo && simulator) {
    log.info({ enterprises: o.config.demo.enterprises, land: simulator.land.url, marketFile: simulator.marketFile }, 'demo source simulator started');
  }

  const schema = await buildHubSchema();
  const apollo = createApollo({ schema, log, introspection: !o.production });
  await apollo.start();
  const ingestDeps = { database, keyring, log, databaseUrl: o.databaseUrl };
  const kinds = new Map(o.config.sources.map((s) => [s.id, s.connector]));
  const services = {
    hashPerson: (id: string) => keyring.hash(id),
    ops: createIngestOps(ingestDeps, o.config.sources),
    sourceConnector: (id: string) => kinds.get(id) ?? id,
  };
  const server = createHttpServer({
    apollo,
    log,
    push: createPushHandler(ingestDeps, o.config.sources),
    graphiql: !o.production,
    context: async () => createContext(database.db, services),
    health: async () => ({ database: database.kind }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${o.host && o.host !== '0.0.0.0' ? o.host : '127.0.0.1'}:${port}/graphql`;

  const scheduler = o.ingest === false ? null : startScheduler(ingestDeps, o.config.sources);

  return {
    url, port, database, scheduler, simulator, keyring, server,
    async stop() {
      await scheduler?.stop();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await apollo.stop();
      await demo?.stop();
      await database.close();
    },
  };
}
