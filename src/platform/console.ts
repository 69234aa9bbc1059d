/**
 * platform/console
 *
 * `/console`: the operations page, served offline from the hub's own files (no CDN) — sources
 * with freshness and lag, recent sync runs with their counts, the unresolved quarantine with
 * raw rows and a reprocess button, the live alert feed over graphql-ws, and this hub's vital
 * figures. The page asks for an API key and reads everything through GraphQL under it, so
 * the policy decides what it shows (the demo's admin key sees it all); its figures
 * (`/console/summary.json`) need a key whose department may read the OPERATIONS class.
 */
import type { IncomingMessage } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Registry } from 'prom-client';
import { projectPath } from '../paths.js';
import { sendJson } from '../server/respond.js';
import { CSS, HTML, inPackage, JS, staticAssets } from '../server/static-assets.js';
import type { RouteHandler } from './routes.js';

const assets = staticAssets(join(dirname(fileURLToPath(import.meta.url)), 'static', 'console'), {
  'index.html': { source: () => projectPath('src', 'platform', 'console', 'index.html'), type: HTML },
  'console.js': { source: () => projectPath('src', 'platform', 'console', 'console.js'), type: JS },
  'console.css': { source: () => projectPath('src', 'platform', 'console', 'console.css'), type: CSS },
  'graphql-ws.js': { source: inPackage('graphql-ws', 'umd/graphql-ws.min.js'), type: JS },
});

/** Copies the console's files into the build (`npm run build`); returns how many. */
export const bundleConsoleAssets = (): number => assets.bundle();


interface Tile {
  readonly label: string;
  readonly value: string;
}

/** The figures the page shows, from the hub's own metrics. */
async function tiles(registry: Registry): Promise<Tile[]> {
  const metrics = await registry.getMetricsAsJSON();
  const values = (name: string) => (metrics.find((m) => m.name === name)?.values ?? []) as { value: number; labels: Record<string, string | number>; metricName?: string }[];
  const sum = (name: string, keep: (l: Record<string, string | number>) => boolean = () => true) => values(name).filter((v) => keep(v.labels)).reduce((n, v) => n + v.value, 0);
  const durationSum = values('govgraph_graphql_operation_duration_seconds').filter((v) => v.metricName?.endsWith('_sum')).reduce((n, v) => n + v.value, 0);
  const durationCount = values('govgraph_graphql_operation_duration_seconds').filter((v) => v.metricName?.endsWith('_count')).reduce((n, v) => n + v.value, 0);
  const lags = values('govgraph_sync_lag_seconds').map((v) => v.value);
  const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
  return [
    { label: '操作 (operations)', value: fmt(sum('govgraph_graphql_operations_total')) },
    { label: '出错 (operations with an error)', value: fmt(sum('govgraph_graphql_operations_total', (l) => l.outcome !== 'ok')) },
    { label: '平均耗时 ms (mean latency)', value: fmt(durationCount ? (durationSum / durationCount) * 1000 : 0, 1) },
    { label: 'WebSocket 连接 (open)', value: fmt(sum('govgraph_websockets_open')) },
    { label: '订阅 (subscriptions)', value: fmt(sum('govgraph_subscriptions_open')) },
    { label: 'SQL 执行中 / 等待 (in use / waiting)', value: `${fmt(sum('govgraph_db_statements_in_use'))} / ${fmt(sum('govgraph_db_statements_waiting'))}` },
    { label: '告警 (alerts raised)', value: fmt(sum('govgraph_alerts_raised_total')) },
    { label: '隔离 (quarantined rows)', value: fmt(sum('govgraph_quarantine_rows')) },
    { label: '最大滞后 (largest source lag)', value: lags.length ? `${fmt(Math.max(...lags) / 60, 1)} min` : '—' },
    { label: '事件循环 p99 ms (event-loop delay)', value: fmt(sum('govgraph_event_loop_delay_p99_seconds') * 1000, 1) },
    { label: '内存 MB (resident)', value: fmt(sum('process_resident_memory_bytes') / 1048576) },
  ];
}

/** The console's routes by path (platform/routes); `mayOperate` says whether a request's key may read operations. */
export function consoleRoutes(registry: Registry, mayOperate: (req: IncomingMessage) => Promise<boolean>): Record<string, RouteHandler> {
  const file = (name: string, headers: Record<string, string> = {}): RouteHandler => (_req, res) => {
    const a = assets.get(name)!;
    res.writeHead(200, { 'content-type': a.type, 'content-length': a.body.length, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache', ...headers });
    res.end(a.body);
  };
  return {
    '/console': (req, res, url) => file('index.html', {
      'content-security-policy': `default-src 'self'; img-src 'self' data:; connect-src 'self' ws://${req.headers.host ?? 'localhost'} wss://${req.headers.host ?? 'localhost'}; frame-ancestors 'none'`,
    })(req, res, url),
    '/console/console.js': file('console.js'),
    '/console/console.css': file('console.css'),
    '/console/graphql-ws.js': file('graphql-ws.js'),
    '/console/summary.json': async (req, res) => {
      if (!(await mayOperate(req))) return sendJson(res, 403, { error: { code: 'FORBIDDEN', message: 'The console figures need a key that may read operations' } }, { 'cache-control': 'no-store' });
      sendJson(res, 200, await tiles(registry), { 'cache-control': 'no-store' });
    },
  };
}
