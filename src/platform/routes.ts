/**
 * platform/routes
 *
 * The hub's own service endpoints beside GraphQL: `/livez` and `/readyz` (probes),
 * `/metrics` (Prometheus), `/console` (the operations page). One function the HTTP front
 * door asks first; it answers the paths it owns and leaves the rest.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lifecycle } from './lifecycle.js';
import { livez, readyz } from './probes.js';

export type PlatformRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/** One endpoint's answer. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export interface PlatformRouteOptions {
  readonly lifecycle: Lifecycle;
  /** Further endpoints by exact path (`/metrics`, `/console`, …), GET only. */
  readonly more?: Readonly<Record<string, RouteHandler>>;
}

export function platformRoutes(o: PlatformRouteOptions): PlatformRoute {
  const routes: Record<string, RouteHandler> = {
    '/livez': (_req, res) => livez(res),
    '/readyz': (_req, res) => readyz(res, o.lifecycle),
    ...o.more,
  };
  return async (req, res, url) => {
    const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
    if (!route || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    await route(req, res, url);
    return true;
  };
}
