/**
 * platform/probes
 *
 * Kubernetes-style probes. `/livez`: the process and its event loop answer (with the
 * loop's recent delay) — restart the pod when it does not. `/readyz`: 200 only when the
 * hub can serve (platform/lifecycle), else 503 with the checks that fail named — take the
 * pod out of the load balancer meanwhile. `/healthz` stays as the liveness answer it was.
 */
import type { ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sendJson } from '../server/respond.js';
import type { Lifecycle } from './lifecycle.js';

const loop = monitorEventLoopDelay({ resolution: 20 });
loop.enable();

/** The event loop's delay, p99 over the last interval, in milliseconds. */
export const eventLoopDelayMs = (): number => loop.percentile(99) / 1e6;

const NO_STORE = { 'cache-control': 'no-store' };

export function livez(res: ServerResponse): void {
  sendJson(res, 200, { status: 'ok', eventLoopDelayMs: Math.round(eventLoopDelayMs() * 10) / 10 }, NO_STORE);
}

export async function readyz(res: ServerResponse, lifecycle: Lifecycle): Promise<void> {
  const r = await lifecycle.readiness();
  sendJson(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not ready', notReady: r.notReady, checks: r.checks }, NO_STORE);
}
