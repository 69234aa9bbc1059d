/**
 * hub
 *
 * The composition root: database (PGlite or PostgreSQL) with migrations applied, the demo
 * simulator when configured, the ingest scheduler, and GraphQL over HTTP with GraphiQL.
 * `main.ts` starts it for `npm start`; tests start it on port 0.
 */
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server } from 'node:http';
import { pino, type Logger } from 'pino';
import { LogBus } from './alerts/bus.js';
import { startAlertSchedule, type AlertSchedule } from './alerts/schedule.js';
import { ConfigError, HubConfigFile, sourceProblems, type HubConfigInput } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { buildHubSchema } from './graphql/build-schema.js';
import { createContext, purposeFromHeader, type ContextServices } from './graphql/context.js';
import { Lifecycle } from './platform/lifecycle.js';
import { consoleRoutes } from './platform/console.js';
import { createMetrics } from './platform/metrics.js';
import { metricsRoute } from './platform/metrics-route.js';
import { startRequestLog } from './platform/request-log.js';
import { platformRoutes } from './platform/routes.js';
import { SharedLimits } from './platform/shared-limits.js';
import { PersonKeyring } from './ingest/person-keyring.js';
import { createIngestOps } from './ingest/ops.js';
import { createPushHandler } from './ingest/push.js';
import { startScheduler, type Scheduler } from './ingest/scheduler.js';
import { createApollo } from './server/apollo.js';
import type { PlannerOptions } from './graphql/planner/plugin.js';
import { createErrorFormatter, HubError } from './graphql/errors.js';
import { anchorKey, AnchorKeyError, startAnchoring, type Anchor } from './audit/anchors.js';
import { createAuditSink } from './audit/audit-sink.js';
import { AuthError, Authenticator } from './auth/authenticate.js';
import { ANONYMOUS } from './auth/principal.js';
import { Policy } from './policy/policy.js';
import { createExportHandler } from './server/exports.js';
import { createHttpServer } from './server/http.js';
import { attachWebSocket, type WsEndpoint } from './server/ws.js';
import { operationChecks } from './server/limits.js';
import { PrincipalConcurrency } from './server/concurrency.js';
import { LookupBudget } from './server/lookup-budget.js';
import type { Simulator } from './simulator/index.js';
import { seedDemoPolicies } from './graphql/views/demo-policies.js';
import { startDemoSources } from './demo-sources.js';

export interface HubOptions {
  readonly config: HubConfigInput;
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
  /** The clock (rules judge dates by it). @default system time */
  readonly now?: () => Date;
}

export interface Hub {
  readonly url: string;
  readonly port: number;
  readonly database: Database;
  readonly scheduler: Scheduler | null;
  readonly simulator: Simulator | null;
  readonly keyring: PersonKeyring;
  readonly server: Server;
  /** This process's reader of the event log (fans alerts and changes out to subscribers). */
  readonly events: LogBus;
  readonly alertSchedule: AlertSchedule | null;
  readonly ws: WsEndpoint;
  /** Each principal's operations at once. */
  readonly concurrency: PrincipalConcurrency;
  /** The read planner (`enabled` may be switched off: every operation then runs through the resolvers). */
  readonly planner: PlannerOptions;
  /** Anchoring of the read audit's chain head (null when not configured). */
  readonly auditAnchors: { anchorNow(): Promise<Anchor | null> } | null;
  /** Readiness and the requests in flight (platform/lifecycle). */
  readonly lifecycle: Lifecycle;
  /**
   * Drains and stops: readiness false at once, no new connections, WebSockets closed 1001
   * (resume from your cursor), the running ingest batch finished or rolled back, in-flight
   * HTTP operations given up to `drainMs` to finish, then everything closed.
   */
  stop(drainMs?: number): Promise<void>;
}

export async function startHub(o: HubOptions): Promise<Hub> {
  const log = o.log ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  // Settings sections the caller left out take their defaults.
  const config = HubConfigFile.parse(o.config);
  const problems = sourceProblems(config.sources);
  if (problems.length) throw new ConfigError(`invalid sources: ${problems.join('; ')}`);
  const now = o.now ?? (() => new Date());
  let anchorSecret: Buffer | null = null;
  try {
    anchorSecret = config.audit.anchor ? anchorKey(config.audit.anchor) : null;
  } catch (e) {
    if (e instanceof AnchorKeyError) throw new ConfigError(e.message);
    throw e;
  }
  const database = await openDatabase({ url: o.databaseUrl, dataDir: o.dataDir, role: 'hub', statementTimeoutMs: config.limits.timeoutMs });
  await database.migrate();
  const lifecycle = new Lifecycle(database, config.platform.readyAfterFirstIngest);
  const stopRequestLog = startRequestLog(log);
  const keyring = PersonKeyring.forStore(o);

  const demo = config.demo
    ? await startDemoSources({ demo: config.demo, dataDir: o.dataDir, dir: o.simulatorDir, taxDsn: o.simulatorTaxDsn, database })
    : null;
  const simulator = demo?.simulator ?? null;
  if (config.demo && simulator) {
    log.info({ enterprises: config.demo.enterprises, land: simulator.land.url, marketFile: simulator.marketFile }, 'demo source simulator started');
  }

  const schema = await buildHubSchema();
  const policy = config.policy ? new Policy(config.policy) : Policy.empty();
  if (config.demo?.examplePolicies) await seedDemoPolicies(database.db, schema, policy, now());
  // The read audit writes on the uncounted handle: it is the hub's bookkeeping, not the request's reads.
  const audit = createAuditSink(database.background, log, now, schema);
  // One set of checks (text, cost, each principal's lookup budget) for HTTP and WebSocket alike.
  // Per-principal limits held by every hub on this database (by default on PostgreSQL), or by this process alone.
  const shared = (config.platform.sharedLimits ?? (database.kind === 'postgres' ? 'database' : 'process')) === 'database'
    ? new SharedLimits(database, { ...config.limits, maxConnectionsPerPrincipal: config.subscriptions.maxConnectionsPerPrincipal })
    : null;
  const check = operationChecks(schema, config.limits, new LookupBudget(config.limits.lookupsPerMinute, undefined, shared));
  const concurrency = new PrincipalConcurrency(config.limits.maxConcurrentPerPrincipal, config.limits.concurrencyWaitMs, shared);
  const planner: PlannerOptions = { schema, database, enabled: config.reads.planner, onError: (e) => log.error({ err: e }, 'a planned read failed; the resolvers answered') };
  const apollo = createApollo({ schema, log, introspection: !o.production, limits: config.limits, audit, check, concurrency, planner });
  await apollo.start();
  const ingestDeps = { database, keyring, log, databaseUrl: o.databaseUrl, now, views: config.views };
  // Started once the server listens; `syncNow` reaches it through services.ops.
  let scheduler: Scheduler | null = null;
  const kinds = new Map(config.sources.map((s) => [s.id, s.connector]));
  const events = await LogBus.start(database, { pollMs: config.alerts.pollMs, log });
  // Key lookups are not the request's own statements: they stay out of the N+1 count.
  const auth = new Authenticator(database.background, config.auth);
  await auth.seed();
  const services: ContextServices = {
    hashPerson: (id: string) => keyring.hash(id),
    ops: createIngestOps(ingestDeps, config.sources, () => scheduler),
    sourceConnector: (id: string) => kinds.get(id) ?? id,
    events,
    queueLimits: { maxQueued: config.subscriptions.maxQueuedEvents, maxStallMs: config.subscriptions.maxStallMs },
    timeoutMs: config.limits.timeoutMs,
    policy,
    keys: auth,
    now,
    views: config.views,
  };
  /** An `Authorization` value to a principal; refused → 401 over HTTP. */
  const principalOf = async (authorization: unknown) => {
    try {
      return await auth.principal(typeof authorization === 'string' ? authorization : undefined);
    } catch (e) {
      if (e instanceof AuthError) throw new HubError('UNAUTHENTICATED', e.message, { http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) } });
      throw e;
    }
  };
  /** A request's principal, anonymous when its token does not authenticate (never refused here). */
  const principalOrAnonymous = (req: IncomingMessage) => auth.principal(typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined).catch(() => ANONYMOUS);
  /** Whether a request's key may read the hub's operations (the console's figures). */
  const mayOperate = async (req: IncomingMessage) => policy.classAccess((await principalOrAnonymous(req)).department, 'OPERATIONS') !== 'deny';
  // The front door has set `x-request-id` (the caller's, or a new one) on every request.
  const httpContext = async (req: IncomingMessage) =>
    createContext(database.reads, services, await principalOf(req.headers.authorization), null, purposeFromHeader(req.headers['x-purpose']), req.headers['x-request-id'] as string);
  // Gauges read the sockets and subscriptions when scraped, once the WebSocket endpoint below exists.
  const metrics = createMetrics({ database, poolSize: database.poolSize, sockets: () => ws.connections(), subscriptions: () => events.stats().subscribers });
  const server = createHttpServer({
    apollo,
    log,
    exports: createExportHandler({ apollo, schema, context: httpContext }),
    push: createPushHandler(ingestDeps, config.sources),
    graphiql: !o.production,
    graphiqlHeaders: config.graphiql.defaultHeaders,
    maxBodyBytes: config.limits.maxBodyBytes,
    maxBatchSize: config.limits.maxBatchSize,
    headersTimeoutMs: config.limits.headersTimeoutMs,
    requestTimeoutMs: config.limits.requestTimeoutMs,
    context: httpContext,
    // A request refused before it became an operation is audited too, under its caller (anonymous when its token does not authenticate).
    refused: async (req, code) => {
      const ctx = createContext(database.reads, services, await principalOrAnonymous(req), null, purposeFromHeader(req.headers['x-purpose']));
      await audit.refused(ctx, { transport: 'http', operationName: null, document: '', variables: null, codes: [code] });
    },
    // Live subscriptions on this hub: what a load balancer (or a test) waits on before traffic.
    health: async () => ({ database: database.kind, subscriptions: events.stats().subscribers }),
    platform: platformRoutes({
      lifecycle,
      more: { '/metrics': metricsRoute(metrics.registry, config.platform.metricsSecretSha256), ...consoleRoutes(metrics.registry, mayOperate) },
    }),
    lifecycle,
  });
  const ws = attachWebSocket({
    server, path: '/graphql', schema, limits: config.subscriptions, operationLimits: config.limits,
    revocations: () => auth.revocations,
    // server/ws-credentials has found `authorization` in any letter case, or in the upgrade request.
    authenticate: (params) => auth.principal(typeof params?.authorization === 'string' ? params.authorization : undefined),
    context: (connection, principal, purpose) => createContext(database.reads, services, principal, connection, purpose),
    formatError: createErrorFormatter(log),
    log,
    audit,
    policy,
    planner,
    check,
    concurrency,
    sharedSockets: shared ? (id) => shared.openSocket(id) : undefined,
  });
  lifecycle.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${o.host && o.host !== '0.0.0.0' ? o.host : '127.0.0.1'}:${port}/graphql`;

  scheduler = o.ingest === false ? null : startScheduler(ingestDeps, config.sources);
  lifecycle.ingestStarted(scheduler?.firstRound ?? null);
  if (scheduler && simulator && config.demo?.firstLoansAfterSeconds !== undefined) simulator.laterCreditDayAfter(scheduler.firstRound, config.demo.firstLoansAfterSeconds * 1000);
  const alertSchedule = o.ingest === false || !config.alerts.scheduled ? null : startAlertSchedule(database, config.alerts, { log, now, after: scheduler?.firstRound });
  const auditAnchors = config.audit.anchor && anchorSecret ? startAnchoring(database.background, config.audit.anchor, anchorSecret, log) : null;

  return {
    url, port, database, scheduler, simulator, keyring, server, events, alertSchedule, ws, auditAnchors, concurrency, planner, lifecycle,
    async stop(drainMs = 0) {
      lifecycle.drain();
      // No new connections from here; idle keep-alive ones close now, busy ones after their response.
      const closed = lifecycle.stopAccepting(server);
      lifecycle.closeIdle();
      ws.goAway();
      await alertSchedule?.stop();
      await scheduler?.stop();
      const cut = await lifecycle.settled(drainMs, () => lifecycle.closeIdle());
      if (cut > 0) log.warn({ requests: cut, drainMs }, 'drain time over: cutting the requests still in flight');
      // The last responses said `Connection: close`: their sockets end once flushed. What is left after a moment is cut.
      await Promise.race([closed, new Promise((r) => setTimeout(r, cut > 0 ? 0 : 1000))]);
      server.closeAllConnections();
      // Sockets told 1001 that have not closed by now are ended with the endpoint.
      await ws.dispose();
      await closed;
      await events.stop();
      await apollo.stop();
      // The last reads of this hub are anchored before the database closes.
      await auditAnchors?.stop();
      metrics.stop();
      stopRequestLog();
      await demo?.stop();
      await database.close();
    },
  };
}
