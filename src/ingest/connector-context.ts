/**
 * ingest/connector-context
 *
 * Builds the context a connector runs in: abort signal, logger, clock, credentials by env
 * var name, and read-only SQL (the hub's own database when the DSN is `embedded`).
 */
import { ConnectorError, type ConnectorContext, type Logger, type ReceiptLedger, type SourceSql } from '../../connectors/contract.js';
import { openReadOnlyPostgres, type Database } from '../db/client.js';

export interface ContextOptions {
  readonly connector: string;
  readonly database: Database;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => Date;
  /** Used for `embedded` DSNs when the hub runs on PostgreSQL. */
  readonly databaseUrl?: string;
  readonly receipts: ReceiptLedger;
}

export function createConnectorContext(o: ContextOptions): ConnectorContext {
  const env = o.env ?? process.env;
  return {
    signal: o.signal,
    log: o.log,
    now: o.now ?? (() => new Date()),
    receipts: o.receipts,
    secret(name) {
      const v = env[name];
      if (!v) throw new ConnectorError('CONNECTOR_CONFIG', o.connector, `credential env var ${name} is not set`);
      return v;
    },
    openSql(dsn): SourceSql {
      if (dsn === 'embedded') {
        return o.database.kind === 'pglite' || !o.databaseUrl ? o.database.readOnly() : openReadOnlyPostgres(o.databaseUrl);
      }
      return openReadOnlyPostgres(dsn);
    },
  };
}
