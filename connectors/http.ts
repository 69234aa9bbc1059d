/**
 * connectors/http
 *
 * The one HTTP client connectors share: a per-request timeout covering headers and body, a
 * cap on response bytes (after decompression, so a gzip bomb stops at the cap), retries
 * with backoff for 429 and 502/503/504 (honouring Retry-After, in seconds or as an HTTP
 * date), and typed errors.
 */
import { ConnectorError, type Logger } from './contract.js';

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
    const outcome = await attemptOnce(url, o);
    if (outcome.ok) return parseJson<T>(outcome.text, o.connector);
    const { status, retryAfter } = outcome;
    if (status === 401 || status === 403) {
      throw new ConnectorError('CONNECTOR_AUTH', o.connector, `source refused the credentials (HTTP ${status})`);
    }
    if (!RETRYABLE.has(status) || attempt >= retries) {
      const code = status === 429 ? 'CONNECTOR_RATE_LIMITED' : status >= 500 ? 'CONNECTOR_UNAVAILABLE' : 'CONNECTOR_PROTOCOL';
      throw new HttpStatusError(status, code, o.connector, RETRYABLE.has(status));
    }
    await sleep(retryAfterMs(retryAfter, Date.now()) ?? (o.backoffMs ?? 250) * 2 ** attempt, o.signal, o.connector);
  }
}

/** The source answered with an error status (after any retries). */
export class HttpStatusError extends ConnectorError {
  constructor(readonly status: number, code: ConnectorError['code'], connector: string, retryable: boolean) {
    super(code, connector, `source answered HTTP ${status}`, retryable);
  }
}

/** What a source answers for a page token it does not know (expired, or from before its restart). */
const UNKNOWN_TOKEN = new Set([400, 404, 410]);

/**
 * The first page of a run that resumes a paged walk from a stored token. Page tokens
 * expire: when the source refuses the stored one (400, 404, 410), the walk starts again
 * from its beginning (`fetch(null)`, the same `updatedAfter`/`updatedSince`) — re-reading a
 * page is idempotent — instead of every later run failing on the same dead token.
 */
export async function resumeWalk<T>(token: string | null, fetch: (token: string | null) => Promise<T>, log: Logger, connector: string): Promise<T> {
  if (!token) return fetch(null);
  try {
    return await fetch(token);
  } catch (e) {
    if (!(e instanceof HttpStatusError && UNKNOWN_TOKEN.has(e.status))) throw e;
    log.warn({ connector, status: e.status }, 'the source refused the stored page token: the walk starts again from its beginning');
    return fetch(null);
  }
}

type Attempt = { ok: true; text: string } | { ok: false; status: number; retryAfter: string | null };

/** The longest wait a Retry-After may ask for; a longer one is waited this long, then retried. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * How long a `Retry-After` asks to wait (RFC 9110 §10.2.3): delay-seconds (`120`) or an
 * HTTP date (`Wed, 02 Dec 2026 08:00:05 GMT`, also the obsolete RFC 850 and asctime forms
 * Date.parse reads), at most a minute. Null — the caller's own backoff — when the header
 * is absent, neither form, zero or a date already past (retrying at once would only spend
 * the retries).
 */
export function retryAfterMs(header: string | null, now: number): number | null {
  const value = header?.trim();
  if (!value) return null;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : /[a-z]/i.test(value) ? Date.parse(value) - now : Number.NaN;
  return ms > 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : null;
}

/**
 * One request, with its own controller and timer held until the body is read. (A signal
 * made by AbortSignal.any() can be garbage-collected before it fires, losing the timeout;
 * an explicit controller referenced here cannot.)
 */
async function attemptOnce(url: string, o: HttpOptions): Promise<Attempt> {
  if (o.signal.aborted) throw new ConnectorError('CONNECTOR_ABORTED', o.connector, 'run aborted');
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, o.timeoutMs ?? 15_000);
  const onAbort = () => controller.abort();
  o.signal.addEventListener('abort', onAbort, { once: true });
  const fail = (e: unknown): never => {
    if (e instanceof ConnectorError) throw e;
    if (o.signal.aborted) throw new ConnectorError('CONNECTOR_ABORTED', o.connector, 'run aborted', false, { cause: e });
    if (timedOut) throw new ConnectorError('CONNECTOR_TIMEOUT', o.connector, 'source did not answer in time', true, { cause: e });
    throw new ConnectorError('CONNECTOR_UNAVAILABLE', o.connector, 'source is unreachable or cut the connection', true, { cause: e });
  };
  try {
    const res = await fetch(url, { headers: { accept: 'application/json', ...o.headers }, signal: controller.signal, redirect: 'error' }).catch(fail);
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      return { ok: false, status: res.status, retryAfter: res.headers.get('retry-after') };
    }
    return { ok: true, text: await readCapped(res, o).catch(fail) };
  } finally {
    clearTimeout(timer);
    o.signal.removeEventListener('abort', onAbort);
  }
}

async function readCapped(res: Response, o: HttpOptions): Promise<string> {
  const max = o.maxBytes ?? 16 * 1024 * 1024;
  const declared = Number(res.headers.get('content-length'));
  // A declared length is of the encoded body; only an identity body can be refused up front.
  if (!res.headers.get('content-encoding') && declared > max) {
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
    await res.body?.cancel().catch(() => {});
    throw e;
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
    const onAbort = () => {
      clearTimeout(t);
      reject(new ConnectorError('CONNECTOR_ABORTED', connector, 'run aborted'));
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
