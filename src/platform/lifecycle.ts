/**
 * platform/lifecycle
 *
 * The hub's life as a load balancer sees it: starting → serving → draining. Readiness is
 * checked, never assumed: the migrations this code ships are all applied, the database
 * answers a real round trip, and (configurable) the first ingest round has finished.
 * While draining it is not ready whatever the checks say; the drain waits for the HTTP
 * requests being answered (`inFlight`, counted per connection). The drain manages the connections
 * itself: node's `server.close()` also destroys a connection whose request has fully
 * arrived but not yet been answered, which is exactly the request a drain must finish.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Database } from '../db/client.js';
import { MIGRATIONS_FOLDER } from '../db/client.js';

export interface Check {
  readonly ok: boolean;
  readonly detail?: string;
}

export interface Readiness {
  readonly ready: boolean;
  /** What is not ready, by check name (empty when ready). */
  readonly notReady: readonly string[];
  readonly checks: Readonly<Record<string, Check>>;
}

/** Migrations shipped with this code (drizzle-kit's journal). */
const shippedMigrations = (): number => (JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

/** A database round trip that fails after `ms`. */
async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export class Lifecycle {
  private draining = false;
  /** Each open HTTP connection (not upgraded to a WebSocket) and its requests not yet answered. */
  private readonly sockets = new Map<Socket, number>();
  private firstIngest: 'not started' | 'running' | 'finished' | 'off';
  private readonly migrations = shippedMigrations();

  constructor(
    private readonly database: Database,
    requireFirstIngest: boolean,
  ) {
    this.firstIngest = requireFirstIngest ? 'not started' : 'off';
  }

  /** The first ingest round has started (null: this hub does not ingest, so there is none to wait for). */
  ingestStarted(firstRound: Promise<unknown> | null): void {
    if (this.firstIngest === 'off') return;
    if (!firstRound) {
      this.firstIngest = 'off';
      return;
    }
    this.firstIngest = 'running';
    void firstRound.finally(() => {
      this.firstIngest = 'finished';
    });
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** HTTP requests being answered, on connections still open. */
  get inFlight(): number {
    let n = 0;
    for (const open of this.sockets.values()) n += open;
    return n;
  }

  /** Readiness goes false for good: the drain has begun. */
  drain(): void {
    this.draining = true;
  }

  /** Resolves once no HTTP request is in flight, or after `ms`; `tick` runs meanwhile (closing idle connections). */
  async settled(ms: number, tick: () => void): Promise<number> {
    const until = Date.now() + ms;
    while (this.inFlight > 0 && Date.now() < until) {
      tick();
      await new Promise((r) => setTimeout(r, 25));
    }
    return this.inFlight;
  }

  /** Follows `server`'s connections (a WebSocket's leaves the list when it upgrades). */
  attach(server: Server): void {
    server.on('connection', (socket: Socket) => {
      this.sockets.set(socket, 0);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('upgrade', (req: IncomingMessage) => this.sockets.delete(req.socket));
  }

  /** Stops accepting connections, leaving the open ones be; resolves once the last has closed. */
  stopAccepting(server: Server): Promise<void> {
    return new Promise((resolve) => NetServer.prototype.close.call(server, () => resolve()));
  }

  /** Closes every connection with no request being answered (idle keep-alive ones). */
  closeIdle(): void {
    for (const [socket, open] of this.sockets) if (open === 0) socket.destroy();
  }

  /** Counts one HTTP request on its connection until its response is finished or the connection closes. */
  track(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    this.sockets.set(socket, (this.sockets.get(socket) ?? 0) + 1);
    res.once('close', () => {
      if (this.sockets.has(socket)) this.sockets.set(socket, Math.max(0, this.sockets.get(socket)! - 1));
    });
  }

  async readiness(): Promise<Readiness> {
    const checks: Record<string, Check> = {};
    checks.draining = this.draining ? { ok: false, detail: 'shutting down' } : { ok: true };
    try {
      const started = performance.now();
      const [row] = await withTimeout(this.database.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations'), 2000);
      const ms = Math.round(performance.now() - started);
      checks.database = { ok: true, detail: `round trip ${ms} ms` };
      const applied = row?.n ?? 0;
      checks.migrations = applied >= this.migrations ? { ok: true, detail: `${applied} applied` } : { ok: false, detail: `${applied} of ${this.migrations} applied` };
    } catch (e) {
      checks.database = { ok: false, detail: (e as Error).message.slice(0, 200) };
      checks.migrations = { ok: false, detail: 'not known: the database did not answer' };
    }
    if (this.firstIngest !== 'off') checks.firstIngest = this.firstIngest === 'finished' ? { ok: true } : { ok: false, detail: `the first ingest round is ${this.firstIngest}` };
    const notReady = Object.entries(checks).filter(([, c]) => !c.ok).map(([name]) => name);
    return { ready: notReady.length === 0, notReady, checks };
  }
}
