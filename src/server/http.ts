/**
 * server/http
 *
 * The HTTP front door on node:http: GraphQL (POST, and GET for queries) through Apollo
 * Server's framework-neutral `executeHTTPGraphQLRequest`, GraphiQL for browsers, CSV
 * exports of the analyst connections, the hub's service endpoints (platform/routes) and a
 * health probe. Request bodies are capped and must be UTF-8; a bad body gets a
 * GraphQL-shaped error. Headers and bodies must arrive in time (slow senders get 408).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { PushHandler } from '../ingest/push.js';
import { withStatementStats } from '../db/statement-stats.js';
import type { Lifecycle } from '../platform/lifecycle.js';
import { requestIdOf } from '../platform/request-log.js';
import type { PlatformRoute } from '../platform/routes.js';
import { EXPORT_PATH } from './exports.js';
import { GRAPHIQL_ASSET_PREFIX, graphiqlAsset, graphiqlHtml } from './graphiql.js';
import { sendJson } from './respond.js';

export interface HttpOptions<C extends object> {
  readonly apollo: ApolloServer<C>;
  readonly context: (req: IncomingMessage) => Promise<C>;
  /** @default '/graphql' */
  readonly path?: string;
  /** @default 1 MiB */
  readonly maxBodyBytes?: number;
  /** Longest JSON-array batch accepted (Apollo refuses batches altogether when this is 0). @default 0 */
  readonly maxBatchSize?: number;
  /** Headers must arrive within this; a slow sender gets 408 and is cut off. @default 10 s */
  readonly headersTimeoutMs?: number;
  /** The whole request must arrive within this. @default 30 s */
  readonly requestTimeoutMs?: number;
  /** Serve GraphiQL on GET {path} for browsers. @default true */
  readonly graphiql?: boolean;
  /** Headers GraphiQL starts with. */
  readonly graphiqlHeaders?: Readonly<Record<string, string>>;
  readonly health?: () => Promise<object>;
  /** Receives `POST /sources/{id}/push` (webhooks). */
  readonly push?: PushHandler;
  /** Answers `GET /exports/{connection}.csv` or `.xlsx` (server/exports). */
  readonly exports?: (req: IncomingMessage, res: ServerResponse, url: URL, root: string, format: 'csv' | 'xlsx') => Promise<void>;
  /** The hub's service endpoints (probes, metrics, console), asked first (platform/routes). */
  readonly platform?: PlatformRoute;
  /** Counts requests in flight for the drain; while draining, every response closes its connection. */
  readonly lifecycle?: Pick<Lifecycle, 'track' | 'isDraining'>;
  /** Told of a GraphQL request refused before it became an operation (body, JSON, batch), for the read audit. */
  readonly refused?: (req: IncomingMessage, code: string) => Promise<void>;
  readonly log: { error(obj: object, msg?: string): void };
}

class BodyError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export function createHttpServer<C extends object>(o: HttpOptions<C>): Server {
  const path = o.path ?? '/graphql';
  const maxBody = o.maxBodyBytes ?? 1024 * 1024;
  const headersTimeout = o.headersTimeoutMs ?? 10_000;
  const requestTimeout = Math.max(o.requestTimeoutMs ?? 30_000, headersTimeout);
  // Node checks these timeouts every `connectionsCheckingInterval`: often enough that a
  // trickling sender is cut off close to its deadline.
  const options = { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.min(1000, Math.ceil(headersTimeout / 4)) };
  return createServer(options, async (req, res) => {
    if (o.lifecycle) closeWhenDraining(req, res, o.lifecycle);
    // Every request has an id: the caller's X-Request-Id when plausible, else a new one; every response names it.
    req.headers['x-request-id'] = requestIdOf(req.headers['x-request-id']);
    res.setHeader('x-request-id', req.headers['x-request-id']);
    try {
      const url = new URL(req.url ?? '/', 'http://hub');
      if (url.pathname === path) return await graphql(req, res, url);
      if (o.platform && (await o.platform(req, res, url))) return;
      if (url.pathname.startsWith(GRAPHIQL_ASSET_PREFIX) && req.method === 'GET' && o.graphiql !== false) {
        const asset = graphiqlAsset(url.pathname.slice(GRAPHIQL_ASSET_PREFIX.length));
        if (!asset) return sendJson(res, 404, { error: 'not found' });
        res.writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' });
        return res.end(asset.body);
      }
      const pushMatch = /^\/sources\/([a-z][a-z0-9-]{1,62})\/push$/.exec(url.pathname);
      if (pushMatch && o.push) {
        if (req.method !== 'POST') return sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'POST only' } });
        let body: Buffer;
        try {
          body = await readBody(req, maxBody);
        } catch (e) {
          if (e instanceof BodyError) return sendJson(res, e.status, { error: { code: e.code, message: e.message } });
          throw e;
        }
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        const answer = await o.push(pushMatch[1]!, { headers, body });
        return sendJson(res, answer.status, answer.body);
      }
      const exportMatch = EXPORT_PATH.exec(url.pathname);
      if (exportMatch && o.exports) return await o.exports(req, res, url, exportMatch[1]!, exportMatch[2] as 'csv' | 'xlsx');
      if (url.pathname === '/healthz' && req.method === 'GET') return sendJson(res, 200, { status: 'ok', ...(await o.health?.()) });
      // A browser opening the hub's address lands on GraphiQL (where it is served at all).
      if (url.pathname === '/' && asksForGraphiql(req)) {
        res.writeHead(302, { location: path });
        return res.end();
      }
      return sendJson(res, 404, { error: 'not found' });
    } catch (e) {
      o.log.error({ err: (e as Error).message }, 'http handler failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.destroy();
    }
  });

  /** A browser asking for a page, where GraphiQL is served at all. */
  function asksForGraphiql(req: IncomingMessage): boolean {
    return req.method === 'GET' && o.graphiql !== false && (req.headers.accept ?? '').includes('text/html');
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (asksForGraphiql(req) && !url.searchParams.has('query')) {
      const html = graphiqlHtml(o.graphiqlHeaders);
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:",
        'x-content-type-options': 'nosniff',
      });
      return res.end(html);
    }
    let body: unknown;
    try {
      body = req.method === 'POST' ? await readJsonBody(req, maxBody) : undefined;
    } catch (e) {
      if (!(e instanceof BodyError)) throw e;
      await o.refused?.(req, e.code);
      return sendJson(res, e.status, { errors: [{ message: e.message, extensions: { code: e.code } }] });
    }
    const maxBatch = o.maxBatchSize ?? 0;
    if (Array.isArray(body) && maxBatch > 0 && body.length > maxBatch) {
      await o.refused?.(req, 'BAD_REQUEST');
      return sendJson(res, 400, { errors: [{ message: `A batch may hold at most ${maxBatch} operations`, extensions: { code: 'BAD_REQUEST', limit: 'batch', max: maxBatch } }] });
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    // SQL statements and time are tallied per operation (db/statement-stats) for the request log and the metrics.
    const result = await withStatementStats({ statements: 0, sqlMs: 0 }, () => o.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => o.context(req),
    }));
    for (const [k, v] of result.headers) res.setHeader(k, v);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') return res.end(result.body.string);
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

/**
 * Counts the request in flight for the drain; a response whose headers go out while the hub
 * drains closes its connection (`Connection: close`), the request having begun before or after.
 */
function closeWhenDraining(req: IncomingMessage, res: ServerResponse, lifecycle: Pick<Lifecycle, 'track' | 'isDraining'>): void {
  lifecycle.track(req, res);
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  // Node writes implicit headers through writeHead too.
  res.writeHead = ((...args: unknown[]) => {
    if (lifecycle.isDraining) res.shouldKeepAlive = false;
    return writeHead(...args);
  }) as typeof res.writeHead;
}

/** The raw request body, refused past `max` bytes (declared or actual). */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > max) {
    req.resume();
    throw new BodyError(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${max} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new BodyError(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

async function readJsonBody(req: IncomingMessage, max: number): Promise<unknown> {
  let text: string;
  try {
    text = utf8.decode(await readBody(req, max));
  } catch (e) {
    if (e instanceof BodyError) throw e;
    throw new BodyError(400, 'BAD_REQUEST', 'Request body is not valid UTF-8');
  }
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('application/json') && !type.includes('application/graphql-response+json')) {
    // Apollo answers this case itself (CSRF prevention and content-type rules) from the raw text.
    return text;
  }
  if (text.length === 0) throw new BodyError(400, 'BAD_REQUEST', 'Request body is empty');
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(400, 'BAD_REQUEST', 'Request body is not valid JSON');
  }
}
