/**
 * connectors/contract
 *
 * What a connector is: a transport to one source system, a parser with hard limits, and a
 * mapping onto the hub's canonical record inputs. A connector yields batches; each batch
 * carries the cursor that resumes right after it. Connectors never write the database and
 * know nothing of GraphQL: ingest validates, links and stores what they yield.
 */
import type { z } from 'zod';
import type { RecordInput, RecordKind } from '../src/domain/records.js';

/** Minimal structured logger (pino-compatible). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A read-only SQL surface, for sources that are databases (the tax views). */
export interface SourceSql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A file a drop-folder source delivered, as the hub's ledger records it. */
export interface FileReceipt {
  readonly name: string;
  readonly sha256: string;
  readonly batchNo: string | null;
  /** processed: its records were taken; rejected: refused whole (reason in `detail`). */
  readonly status: 'processed' | 'rejected';
  readonly records: number;
  readonly detail?: string;
}

/** Read-only view of the hub's file ledger for this source. */
export interface ReceiptLedger {
  find(name: string, sha256: string): Promise<FileReceipt | null>;
  findBatch(batchNo: string): Promise<FileReceipt | null>;
}

/** Everything a connector may touch. Injected by the runtime, so tests supply their own. */
export interface ConnectorContext {
  /** Aborts the run (deadline or shutdown). Pass it to every fetch and stream. */
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly now: () => Date;
  /** Reads a credential by the env var name the source config gives. Throws when unset. */
  secret(name: string): string;
  /** Opens a read-only SQL connection; `embedded` means the hub's own database. */
  openSql(dsn: string): SourceSql;
  /** The files this source has already delivered. */
  readonly receipts: ReceiptLedger;
}

/** One record the connector could read, mapped onto a canonical input. */
export interface PulledRecord {
  readonly ok: true;
  readonly input: RecordInput;
  /** The record's key in the source system. */
  readonly sourceKey: string;
  /** The raw record as the source sent it (a CSV line, a JSON object), for quarantine. */
  readonly raw: string;
}

/** A record the connector could not even map: a ragged CSV row, a JSON item of the wrong shape. */
export interface PulledReject {
  readonly ok: false;
  readonly recordKind: RecordKind;
  readonly sourceKey: string | null;
  readonly raw: string;
  readonly reasonCode: string;
  readonly reason: string;
}

export type PullItem = PulledRecord | PulledReject;

/**
 * Items of a full list (a source that sends its whole current list each day): when the
 * list is `complete`, whatever of `kind` (and `recordKind`) the list of `day` no longer
 * holds is marked withdrawn — never deleted.
 */
export interface ListSnapshot {
  readonly kind: 'credit-record' | 'loan';
  readonly recordKind?: 'LICENSING' | 'PENALTY' | 'DEFAULTER';
  /** ISO date of the list. */
  readonly day: string;
  readonly complete: boolean;
  /** When the list ended but cannot be trusted whole (a file refused, missing): why nothing is withdrawn. */
  readonly incompleteReason?: string;
}

export interface PullBatch {
  readonly items: readonly PullItem[];
  /** Resumes right after this batch; committed in the same transaction as its records. */
  readonly cursor: unknown;
  /** Files finished with this batch: entered in the ledger in the same transaction. */
  readonly files?: readonly FileReceipt[];
  readonly snapshot?: ListSnapshot;
}

/** A pushed request (webhook) as the HTTP layer received it: raw bytes, lower-case headers. */
export interface PushRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

/** A verified push: one event and the records it carries. */
export interface PushEvent {
  readonly eventId: string;
  readonly items: readonly PullItem[];
}

/** A push the source must not retry as is (bad signature, stale timestamp, bad body). */
export class PushRejected extends Error {
  constructor(
    readonly status: 400 | 401 | 413 | 422,
    readonly code: 'PUSH_SIGNATURE' | 'PUSH_STALE' | 'PUSH_MALFORMED' | 'PUSH_TOO_LARGE',
    message: string,
  ) {
    super(message);
    this.name = 'PushRejected';
  }
}

export interface Connector<Config = unknown> {
  /** The connector kind, named after the source system (`market-registry`). */
  readonly kind: string;
  readonly version: string;
  /** The `options` of a source entry in govgraph.config.json. */
  readonly configSchema: z.ZodType<Config>;
  /** Cheap reachability and credential check. Throws ConnectorError. */
  healthCheck(config: Config, ctx: ConnectorContext): Promise<void>;
  /**
   * The most records one committed batch of this source should hold (its configured batch
   * size): smaller pages are joined up to it while the batch before commits (ingest/batch-
   * joiner). Absent: the ingest's default, 5,000. A connector never joins pages itself.
   */
  maxBatch?(config: Config): number;
  /** Pull from `cursor` (null: from the beginning) to the end of what the source has now. */
  pull(config: Config, ctx: ConnectorContext, cursor: unknown): AsyncIterable<PullBatch>;
  /** For sources that also push: verify and map one pushed request. Throws PushRejected. */
  receivePush?(config: Config, ctx: ConnectorContext, request: PushRequest): PushEvent;
}

export type ConnectorErrorCode =
  | 'CONNECTOR_TIMEOUT'
  | 'CONNECTOR_UNAVAILABLE'
  | 'CONNECTOR_AUTH'
  | 'CONNECTOR_RATE_LIMITED'
  | 'CONNECTOR_PAYLOAD_TOO_LARGE'
  | 'CONNECTOR_PROTOCOL'
  | 'CONNECTOR_CONFIG'
  | 'CONNECTOR_ABORTED'
  /** A full-list source whose drop folder holds no list at all. */
  | 'NO_LIST_FOUND';

/** A failure of the source as a whole (not of one record): the run stops, the cursor stays. */
export class ConnectorError extends Error {
  constructor(
    readonly code: ConnectorErrorCode,
    readonly connector: string,
    message: string,
    readonly retryable = false,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ConnectorError';
  }
}

export const defineConnector = <C>(c: Connector<C>): Connector<C> => c;
