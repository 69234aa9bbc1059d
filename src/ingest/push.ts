/**
 * ingest/push
 *
 * Receives pushed events (webhooks) for sources whose connector accepts them: the
 * connector verifies and maps the raw request, ingest stores the event id and its records
 * in one transaction, and only then does the sender get its 2xx. A replayed event id is
 * acknowledged and changes nothing; a refused push gets a 4xx it should not retry as is.
 */
import { pushEvent } from '../../schema/index.js';
import { ConnectorError, PushRejected, type Connector, type PullItem, type PushRequest } from '../../connectors/contract.js';
import { connectors as registry } from '../../connectors/registry.js';
import { interpolateEnv, type SourceEntry } from '../config.js';
import type { Db } from '../db/client.js';
import { ChangeSet } from './changes.js';
import { createConnectorContext } from './connector-context.js';
import { sha256 } from './hash.js';
import { prepare } from './prepare.js';
import { emptySyncCounts, type SyncCounts } from './counts.js';
import { commit, publish, type IngestDeps, type SourceDefinition } from './pipeline.js';
import { receiptLedger } from './receipts.js';

export interface PushAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export type PushHandler = (sourceId: string, request: PushRequest) => Promise<PushAnswer>;

export function createPushHandler(deps: IngestDeps, sources: readonly SourceEntry[], lookup: ReadonlyMap<string, Connector<any>> = registry): PushHandler {
  return async (sourceId, request) => {
    const source = sources.find((s) => s.id === sourceId && s.enabled);
    const connector = source ? lookup.get(source.connector) : undefined;
    if (!source || !connector?.receivePush) return { status: 404, body: { error: { code: 'UNKNOWN_SOURCE', message: 'no source here accepts pushes under that id' } } };
    let options: unknown;
    try {
      options = interpolateEnv(source.options);
    } catch {
      options = undefined; // an env var the options name is missing
    }
    const parsed = connector.configSchema.safeParse(options);
    if (!parsed.success) {
      deps.log.error({ source: sourceId }, 'push refused: the source is not configured correctly');
      return { status: 503, body: { error: { code: 'SOURCE_MISCONFIGURED', message: 'the source is not configured correctly' } } };
    }
    const ctx = createConnectorContext({
      connector: connector.kind, database: deps.database, log: deps.log, signal: AbortSignal.timeout(30_000), now: deps.now,
      databaseUrl: deps.databaseUrl, receipts: receiptLedger(deps.database.db, source.id),
    });
    try {
      const event = connector.receivePush(parsed.data, ctx, request);
      const outcome = await storePush(deps, { id: source.id, connector: source.connector, options: parsed.data, lenient: source.lenient }, event.eventId, sha256(request.body.toString('utf8')), event.items);
      if (outcome.status === 'duplicate') return { status: 200, body: { status: 'duplicate', eventId: event.eventId } };
      return { status: 200, body: { status: 'stored', eventId: event.eventId, quarantined: outcome.counts.quarantined } };
    } catch (e) {
      if (e instanceof PushRejected) return { status: e.status, body: { error: { code: e.code, message: e.message } } };
      if (e instanceof ConnectorError && e.code === 'CONNECTOR_CONFIG') return { status: 503, body: { error: { code: 'SOURCE_MISCONFIGURED', message: 'the source is not configured correctly' } } };
      deps.log.error({ source: sourceId, error: (e as Error).message }, 'push could not be stored');
      // Not stored: the sender must retry.
      return { status: 503, body: { error: { code: 'NOT_STORED', message: 'the event could not be stored; retry later' } } };
    }
  };
}

export type PushOutcome = { status: 'stored'; counts: SyncCounts } | { status: 'duplicate' };

/**
 * Stores one pushed event durably: the event id and its records in one transaction. A
 * replayed event id changes nothing. The caller acknowledges only after this resolves.
 */
export async function storePush(deps: IngestDeps, source: SourceDefinition, eventId: string, bodySha256: string, items: readonly PullItem[]): Promise<PushOutcome> {
  const counts = emptySyncCounts();
  const prepared = prepare(source, items, counts);
  const now = (deps.now ?? (() => new Date()))();
  return deps.database.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const fresh = await tx.insert(pushEvent).values({ sourceId: source.id, eventId, bodySha256, receivedAt: now }).onConflictDoNothing().returning({ eventId: pushEvent.eventId });
    if (fresh.length === 0) return { status: 'duplicate' as const };
    const changes = new ChangeSet();
    await commit(tx, deps, source.id, null, prepared, now, counts, changes);
    await publish(tx, deps, changes, now, counts);
    return { status: 'stored' as const, counts };
  });
}
