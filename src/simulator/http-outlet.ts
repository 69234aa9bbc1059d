/**
 * simulator/http-outlet
 *
 * The plumbing every simulated HTTP source shares: a loopback server on port 0, JSON
 * answers, a credential check, and clean shutdown.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpOutlet {
  readonly url: string;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, url: URL, res: ServerResponse) => void;

export async function startHttpOutlet(handler: Handler): Promise<HttpOutlet> {
  const server = createServer((req, res) => {
    try {
      handler(req, new URL(req.url ?? '/', 'http://sim'), res);
    } catch {
      sendJson(res, 500, { error: 'internal error' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Parses an integer query parameter within bounds; null when absent, NaN when bad. */
export function intParam(url: URL, name: string, min: number, max: number): number | null {
  const raw = url.searchParams.get(name);
  if (raw === null) return null;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : Number.NaN;
}

/** Index of the first item (sorted by `key`, ascending) whose key is greater than `after`. */
export function firstIndexAfter<T>(items: readonly T[], key: (item: T) => number, after: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]!) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
