/**
 * connectors/http
 *
 * The one HTTP client connectors share: a per-request timeout, a cap on response bytes,
 * retries with backoff for 429 (honouring Retry-After) and 502/503/504, and typed errors.
 */
import { ConnectorError } from './contract.js';

export interface HttpOptions {
  readonly connector: string;
  readonly signal: AbortSignal;
  readonly headers?: Record<string, string>;
  /** @default 15000 */
  readonly timeoutMs?: number;
  /** @default 16 MiB */
  readonly maxBytes?: number;
  /** @default 5 */
  readonly retries?: number;
  /** Base backoff; doubles each retry. @default 250 */
  readonly backoffMs?: number;
}

const RETRYABLE = new Set([429, 502, 503, 504]);

export async function getJson<T>(url: string, o: HttpOptions): Promise<T> {
  const retries = o.retries ?? 5;
  for (let attempt = 0; ; attempt++) {
    const res = await fetchOnce(url, o);
    if (res.ok) return parseJson<T>(await readCapped(res, o), o.connector);
    await res.body?.cancel().catch(() => {});
    if (res.status === 401 || res.status === 403) {
      throw new ConnectorError('CONNECTOR_AUTH', o.connector, `source refused the credentials (HTTP ${res.status})`);
    }
    if (!RETRYABLE.has(res.status) || attempt >= retries) {
      const code = res.status === 429 ? 'CONNECTOR_RATE_LIMITED' : res.status >= 500 ? 'CONNECTOR_UNAVAILABLE' : 'CONNECTOR_PROTOCOL';
      throw new ConnectorError(code, o.connector, `source answered HTTP ${res.status}`, RETRYABLE.has(res.status));
    }
    const retryAfter = Number(res.headers.get('retry-after'));
    const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 60_000) : (o.backoffMs ?? 250) * 2 ** attempt;
    await sleep(wait, o.signal, o.connector);
  }
}

async function fetchOnce(url: string, o: HttpOptions): Promise<Response> {
  const signal = AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs ?? 15_000)]);
  try {
    return await fetch(url, { headers: { accept: 'application/json', ...o.headers }, signal, redirect: 'error' });
  } catch (e) {
    if (o.signal.aborted) throw new ConnectorError('CONNECTOR_ABORTED', o.connector, 'run aborted', false, { cause: e });
    if ((e as Error).name === 'TimeoutError') throw new ConnectorError('CONNECTOR_TIMEOUT', o.connector, 'source did not answer in time', true, { cause: e });
    throw new ConnectorError('CONNECTOR_UNAVAILABLE', o.connector, 'source is unreachable', true, { cause: e });
  }
}

async function readCapped(res: Response, o: HttpOptions): Promise<string> {
  const max = o.maxBytes ?? 16 * 1024 * 1024;
  const declared = Number(res.headers.get('content-length'));
  if (declared > max) {
    await res.body?.cancel().catch(() => {});
    throw new ConnectorError('CONNECTOR_PAYLOAD_TOO_LARGE', o.connector, `response of ${declared} bytes exceeds ${max}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > max) throw new ConnectorError('CONNECTOR_PAYLOAD_TOO_LARGE', o.connector, `response exceeds ${max} bytes`);
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof ConnectorError) throw e;
    if (o.signal.aborted) throw new ConnectorError('CONNECTOR_ABORTED', o.connector, 'run aborted', false, { cause: e });
    throw new ConnectorError('CONNECTOR_TIMEOUT', o.connector, 'response body stalled or was cut', true, { cause: e });
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson<T>(text: string, connector: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new ConnectorError('CONNECTOR_PROTOCOL', connector, 'source answered with invalid JSON', false, { cause: e });
  }
}

function sleep(ms: number, signal: AbortSignal, connector: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ConnectorError('CONNECTOR_ABORTED', connector, 'run aborted'));
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new ConnectorError('CONNECTOR_ABORTED', connector, 'run aborted'));
    }, { once: true });
  });
}
