/**
 * platform/metrics
 *
 * The hub's Prometheus metrics (prom-client), in a registry of its own: operations by
 * name, type and outcome with latency, SQL statements and SQL time per operation; the
 * database pool's load; ingest records by source and outcome, sync durations, last success
 * and lag per source, quarantine by reason; alerts raised by kind; sockets, subscriptions,
 * events delivered and dropped; audit write latency; event-loop delay and process memory.
 * Fed by platform/channels and read from the database (sync runs, quarantine) when
 * scraped. An operation name a client chose is a label only while it looks like a name and
 * the first 200 distinct ones last; the rest are `other`.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client.js';
import { statementsInFlight } from '../db/statement-stats.js';
import { CHANNEL, type OperationReport, type StreamReport, type SyncReport } from './channels.js';
import { eventLoopDelayMs } from './probes.js';

export interface MetricsSources {
  readonly database: Database;
  /** Connections the pools may hold at once (statements beyond it wait). */
  readonly poolSize: number;
  readonly sockets: () => number;
  readonly subscriptions: () => number;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const MAX_NAMES = 200;
const RECORD_OUTCOMES = ['inserted', 'updated', 'unchanged', 'quarantined', 'withdrawn'] as const;

export interface HubMetrics {
  readonly registry: Registry;
  stop(): void;
}

export function createMetrics(o: MetricsSources): HubMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const names = new Set<string>();
  const nameOf = (n: string | null) => {
    if (!n) return 'anonymous';
    if (!/^[A-Za-z_]\w{0,63}$/.test(n)) return 'other';
    if (names.has(n)) return n;
    if (names.size >= MAX_NAMES) return 'other';
    names.add(n);
    return n;
  };
  const registers = [registry];
  const operations = new Counter({ name: 'govgraph_graphql_operations_total', help: 'GraphQL operations, by transport, type, name and outcome (ok or the first error code).', labelNames: ['transport', 'type', 'name', 'outcome'], registers });
  const duration = new Histogram({ name: 'govgraph_graphql_operation_duration_seconds', help: 'GraphQL operation latency.', labelNames: ['transport', 'type'], buckets: SECONDS, registers });
  const statements = new Histogram({ name: 'govgraph_graphql_operation_sql_statements', help: 'SQL statements per GraphQL operation.', labelNames: ['transport', 'type'], buckets: [0, 1, 2, 3, 5, 8, 13, 21, 50, 100], registers });
  const sqlTime = new Histogram({ name: 'govgraph_graphql_operation_sql_seconds', help: 'Time an operation waited on SQL.', labelNames: ['transport', 'type'], buckets: SECONDS, registers });
  const audit = new Histogram({ name: 'govgraph_audit_write_seconds', help: 'Read-audit row write latency.', buckets: SECONDS, registers });
  const records = new Counter({ name: 'govgraph_ingest_records_total', help: 'Source records ingested, by source and outcome.', labelNames: ['source', 'outcome'], registers });
  const runs = new Counter({ name: 'govgraph_sync_runs_total', help: 'Sync runs finished, by source and status.', labelNames: ['source', 'status'], registers });
  const runTime = new Histogram({ name: 'govgraph_sync_duration_seconds', help: 'Sync run duration.', labelNames: ['source'], buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600], registers });
  const alerts = new Counter({ name: 'govgraph_alerts_raised_total', help: 'Alerts raised, by kind.', labelNames: ['kind'], registers });
  const streamed = new Counter({ name: 'govgraph_stream_events_total', help: 'Subscription events delivered, and subscribers dropped for falling behind, by stream.', labelNames: ['stream', 'what'], registers });
  new Gauge({ name: 'govgraph_websockets_open', help: 'WebSocket connections open.', registers, collect() { this.set(o.sockets()); } });
  new Gauge({ name: 'govgraph_subscriptions_open', help: 'Live subscriptions on this hub.', registers, collect() { this.set(o.subscriptions()); } });
  new Gauge({ name: 'govgraph_db_statements_in_use', help: 'Statements running on the database pools (at most the pool size).', registers, collect() { this.set(Math.min(statementsInFlight(), o.poolSize)); } });
  new Gauge({ name: 'govgraph_db_statements_waiting', help: 'Statements waiting for a pool connection.', registers, collect() { this.set(Math.max(0, statementsInFlight() - o.poolSize)); } });
  new Gauge({ name: 'govgraph_event_loop_delay_p99_seconds', help: 'Event-loop delay, 99th percentile.', registers, collect() { this.set(eventLoopDelayMs() / 1000); } });
  // The database is the truth every hub shares: read once per scrape (cached a second) for the three gauges below.
  let figures: Promise<{ byReason: { reason: string; n: number }[]; bySource: { source: string; t: number }[] }> | null = null;
  const dbFigures = () => {
    figures ??= Promise.all([
      o.database.query<{ reason: string; n: number }>('select reason_code as reason, count(*)::int as n from quarantine where resolved_at is null group by 1'),
      o.database.query<{ source: string; t: number }>(`select source_id as source, extract(epoch from max(finished_at))::float8 as t from sync_run where status = 'succeeded' group by 1`),
    ]).then(([byReason, bySource]) => ({ byReason, bySource })).finally(() => setTimeout(() => (figures = null), 1000).unref());
    return figures;
  };
  new Gauge({
    name: 'govgraph_sync_last_success_timestamp_seconds', help: 'When each source last synced successfully (Unix time).', labelNames: ['source'], registers,
    async collect() {
      this.reset();
      for (const r of (await dbFigures()).bySource) this.set({ source: r.source }, r.t);
    },
  });
  new Gauge({
    name: 'govgraph_sync_lag_seconds', help: 'Seconds since each source last synced successfully.', labelNames: ['source'], registers,
    async collect() {
      this.reset();
      const now = Date.now() / 1000;
      for (const r of (await dbFigures()).bySource) this.set({ source: r.source }, Math.max(0, now - r.t));
    },
  });
  new Gauge({
    name: 'govgraph_quarantine_rows', help: 'Unresolved source rows in quarantine, by reason.', labelNames: ['reason'], registers,
    async collect() {
      this.reset();
      for (const r of (await dbFigures()).byReason) this.set({ reason: r.reason }, r.n);
    },
  });

  const onOperation = (m: unknown) => {
    const r = m as OperationReport;
    const type = r.operationType;
    operations.inc({ transport: r.transport, type, name: nameOf(r.operationName), outcome: r.outcome });
    duration.observe({ transport: r.transport, type }, r.durationMs / 1000);
    statements.observe({ transport: r.transport, type }, r.statements);
    sqlTime.observe({ transport: r.transport, type }, r.sqlMs / 1000);
    audit.observe(r.auditMs / 1000);
  };
  const onSync = (m: unknown) => {
    const r = m as SyncReport;
    runs.inc({ source: r.sourceId, status: r.status });
    runTime.observe({ source: r.sourceId }, r.durationMs / 1000);
    for (const outcome of RECORD_OUTCOMES) if (r.counts[outcome]) records.inc({ source: r.sourceId, outcome }, r.counts[outcome]);
  };
  const onAlerts = (m: unknown) => {
    for (const kind of (m as { kinds: string[] }).kinds) alerts.inc({ kind });
  };
  const onStream = (m: unknown) => streamed.inc({ stream: (m as StreamReport).stream, what: (m as StreamReport).what });
  const subscriptions: [string, (m: unknown) => void][] = [
    [CHANNEL.operation, onOperation], [CHANNEL.sync, onSync], [CHANNEL.alerts, onAlerts], [CHANNEL.streamEvent, onStream],
  ];
  for (const [name, f] of subscriptions) subscribe(name, f);
  return {
    registry,
    stop() {
      for (const [name, f] of subscriptions) unsubscribe(name, f);
    },
  };
}
