/**
 * platform/metrics-route
 *
 * `GET /metrics`, Prometheus text format. Open to loopback (a scraper on the same host or
 * pod); from anywhere else only with `Authorization: Bearer <secret>` whose SHA-256 is
 * `platform.metricsSecretSha256` — without that setting, loopback only (403 otherwise).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { sendJson } from '../server/respond.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function allowed(req: IncomingMessage, secretSha256: string | undefined): boolean {
  if (LOOPBACK.has(req.socket.remoteAddress ?? '')) return true;
  const m = /^Bearer\s+(\S{1,512})$/i.exec(req.headers.authorization ?? '');
  if (!secretSha256 || !m) return false;
  const given = createHash('sha256').update(m[1]!).digest();
  return timingSafeEqual(given, Buffer.from(secretSha256, 'hex'));
}

export function metricsRoute(registry: Registry, secretSha256: string | undefined) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!allowed(req, secretSha256)) {
      const message = secretSha256 ? 'Metrics need the metrics bearer secret' : 'Metrics are served to loopback only';
      return sendJson(res, 403, { error: { code: 'FORBIDDEN', message } }, { 'www-authenticate': 'Bearer' });
    }
    const text = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(text);
  };
}
