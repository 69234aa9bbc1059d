/**
 * platform/channels
 *
 * What the hub reports about itself, as `node:diagnostics_channel` messages: the audit
 * sink publishes every operation (HTTP and WebSocket, refusals and subscription events
 * too), ingest every finished sync, the alert log every alert raised, the WebSocket
 * server every event delivered or dropped. The request log and the metrics subscribe;
 * with no subscriber a publish costs nothing. Channels are per process: one hub each.
 */
import { channel } from 'node:diagnostics_channel';

export interface OperationReport {
  readonly requestId: string;
  readonly principalId: string;
  readonly department: string | null;
  readonly transport: 'http' | 'ws';
  readonly operationType: string;
  readonly operationName: string | null;
  readonly durationMs: number;
  /** `ok`, or the first error's code. */
  readonly outcome: string;
  readonly errorCodes: readonly string[];
  /** Error ids of masked errors (the server log has their details). */
  readonly errorIds: readonly string[];
  readonly statements: number;
  readonly sqlMs: number;
  readonly auditMs: number;
  readonly entities: number;
}

export interface SyncReport {
  readonly sourceId: string;
  readonly status: string;
  readonly durationMs: number;
  readonly counts: Readonly<Record<string, number>>;
}

export interface StreamReport {
  readonly what: 'delivered' | 'dropped';
  readonly stream: string;
}

/** Channel names, for subscribers (`diagnostics_channel.subscribe(name, …)`). */
export const CHANNEL = { operation: 'govgraph:operation', sync: 'govgraph:sync', alerts: 'govgraph:alerts', streamEvent: 'govgraph:stream-event' } as const;

export const operations = channel(CHANNEL.operation);
export const syncs = channel(CHANNEL.sync);
export const alertsRaised = channel(CHANNEL.alerts);
export const streamEvents = channel(CHANNEL.streamEvent);

export function report<T extends object>(ch: ReturnType<typeof channel>, message: T): void {
  if (ch.hasSubscribers) ch.publish(message);
}
