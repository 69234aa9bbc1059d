/**
 * test/support/ws
 *
 * The real graphql-ws client over a real socket, and a subscription recorder that waits
 * for a number of events (or fails saying what it got).
 */
import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import WebSocket from 'ws';
import { bearer, DEMO_KEYS } from './keys.js';

/** A graphql-ws client, authenticated as the demo admin unless `connectionParams` say otherwise. */
export function wsClient(httpUrl: string, options: Partial<ClientOptions> = {}): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true,
    connectionParams: { authorization: bearer(DEMO_KEYS.admin) }, ...options,
  });
}

export interface Recorder<T> {
  readonly items: T[];
  readonly errors: unknown[];
  /** Resolves once `n` items arrived; rejects after `timeoutMs` with what did arrive. */
  waitFor(n: number, timeoutMs?: number): Promise<T[]>;
  completed(): boolean;
  stop(): void;
}

export function record<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}, pick: (data: any) => T = (d) => Object.values(d)[0] as T): Recorder<T> {
  const items: T[] = [];
  const errors: unknown[] = [];
  let done = false;
  const stop = client.subscribe<any>(
    { query, variables },
    {
      next: (r) => (r.errors ? errors.push(r.errors) : items.push(pick(r.data))),
      error: (e) => {
        errors.push(e);
        done = true;
      },
      complete: () => {
        done = true;
      },
    },
  );
  return {
    items, errors, stop, completed: () => done,
    async waitFor(n, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (items.length < n) {
        if (errors.length) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
        if (Date.now() > until) throw new Error(`waited ${timeoutMs} ms for ${n} events, got ${items.length}: ${JSON.stringify(items).slice(0, 500)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return items.slice(0, n);
    },
  };
}

/** Waits until `check` holds (polling), or fails with `what`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
