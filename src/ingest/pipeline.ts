/**
 * ingest/pipeline
 *
 * The one path every source takes: connector yields raw records → validate and normalise
 * → link by code and upsert idempotently with provenance → quarantine the rejects. Each
 * batch commits its records, its quarantine rows and its cursor in one transaction, so a
 * run stopped anywhere resumes exactly after the last committed batch. The next batch is
 * read, validated (ingest/prepare) and planned — its rows built and staged for COPY
 * (ingest/writers) — while one commits, joining the pages the source has ready meanwhile
 * (ingest/batch-joiner); a transient failure (ingest/retry) resumes the run from its
 * committed cursor after a pause. A run that fills empty tables builds their secondary
 * indexes once, at its end (ingest/deferred-indexes), and keeps their planner statistics
 * current as they grow (ingest/table-statistics).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, sql } from 'drizzle-orm';
import { syncRun, syncState } from '../../schema/index.js';
import { ConnectorError, type Connector, type Logger, type PullBatch } from '../../connectors/contract.js';
import { connectors as registry } from '../../connectors/registry.js';
import { interpolateEnv, type SourceEntry } from '../config.js';
import type { Database, Db } from '../db/client.js';
import { driverError } from '../db/errors.js';
import { publishChanges } from '../alerts/publish.js';
import { defaultViewSettings, type ViewSettings } from '../views/settings.js';
import { JOIN_UP_TO, readyBatches } from './batch-joiner.js';
import { ChangeSet } from './changes.js';
import { addSyncCounts, emptySyncCounts, type SyncCounts } from './counts.js';
import { indexDeferral, rebuildAbandoned, type IndexDeferral } from './deferred-indexes.js';
import { tableStatistics } from './table-statistics.js';
import { createConnectorContext } from './connector-context.js';
import { applyListBatch, type WithdrawalSkip } from './full-lists.js';
import type { PersonKeyring } from './person-keyring.js';
import { listKeyOfRecord, listRows, type Prepared } from './prepare.js';
import { quarantineRows } from './quarantine.js';
import { receiptLedger, recordReceipts } from './receipts.js';
import { backoffMs, DEFAULT_RETRY, isTransient, type RetryPolicy } from './retry.js';
import { planBatch, type BatchPlan } from './writers/index.js';
import { report, syncs, type SyncReport } from '../platform/channels.js';

const DEFAULT_VIEWS = defaultViewSettings();

export interface SourceDefinition {
  readonly id: string;
  /** Connector kind from connectors/registry. */
  readonly connector: string;
  /** Connector-specific options, checked by the connector's configSchema. */
  readonly options: unknown;
  /** Keep pilot codes that fail only their position-18 check, flagged. @default false */
  readonly lenient?: boolean;
}

/** A configured source as a run takes it: `${VAR}`s filled from the environment (a missing one throws ConfigError). */
export const sourceFromConfig = (s: SourceEntry): SourceDefinition => ({ id: s.id, connector: s.connector, options: interpolateEnv(s.options), lenient: s.lenient });

export interface IngestDeps {
  readonly database: Database;
  readonly keyring: PersonKeyring;
  readonly log: Logger;
  readonly databaseUrl?: string;
  readonly now?: () => Date;
  /** Connector lookup; defaults to connectors/registry. */
  readonly connectors?: ReadonlyMap<string, Connector<any>>;
  /** How transient failures are retried within a run (ingest/retry). */
  readonly retry?: RetryPolicy;
  /** The reform views' rules the no-loan alerts judge by (config `views`). @default the defaults */
  readonly views?: ViewSettings;
  /** Build an empty table's secondary indexes once, at the end of the run that fills it (ingest/deferred-indexes). @default true */
  readonly bulkFirstLoad?: boolean;
  /** Join a source's pages while the batch before commits (ingest/batch-joiner); false: every page is its own transaction. @default true */
  readonly joinPages?: boolean;
}

export interface SyncSummary {
  readonly runId: number;
  readonly sourceId: string;
  readonly status: 'succeeded' | 'failed';
  readonly counts: SyncCounts;
  readonly cursor: unknown;
  readonly error?: string;
  /** Complete full lists that withdrew nothing this run, and why. */
  readonly withdrawalsSkipped: readonly WithdrawalSkip[];
  /** Times the run resumed from its committed cursor after a transient failure. */
  readonly retries: number;
}

export async function syncSource(
  deps: IngestDeps,
  source: SourceDefinition,
  options: { signal?: AbortSignal; onBatch?: (counts: SyncCounts) => void } = {},
): Promise<SyncSummary> {
  const { db } = deps.database;
  const now = deps.now ?? (() => new Date());
  const connector = (deps.connectors ?? registry).get(source.connector);
  if (!connector) throw new ConnectorError('CONNECTOR_CONFIG', source.connector, `no connector of kind "${source.connector}"`);
  const parsed = connector.configSchema.safeParse(source.options);
  if (!parsed.success) {
    throw new ConnectorError('CONNECTOR_CONFIG', connector.kind, `source "${source.id}" options are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const [state] = await db.select().from(syncState).where(eq(syncState.sourceId, source.id));
  let cursor: unknown = state?.cursor ?? null;
  const counts = emptySyncCounts();
  const [run] = await db.insert(syncRun).values({ sourceId: source.id, startedAt: now(), status: 'running', counts: { ...counts }, cursor }).returning({ id: syncRun.id });
  const runId = run!.id;
  // Indexes a killed run left unbuilt are built before this run writes.
  await rebuildAbandoned(deps.database, source.id, deps.log);
  const deferral = indexDeferral(deps.database, source.id, runId, deps.bulkFirstLoad ?? true, deps.log);
  const statistics = tableStatistics(deps.database);
  const signal = options.signal ?? new AbortController().signal;
  const ctx = createConnectorContext({
    connector: connector.kind, database: deps.database, log: deps.log, signal,
    now, databaseUrl: deps.databaseUrl, receipts: receiptLedger(db, source.id),
  });
  const withdrawalsSkipped: WithdrawalSkip[] = [];
  let retries = 0;
  const runStarted = performance.now();
  const ended = async (status: 'succeeded' | 'failed', error?: string) => {
    await db.update(syncRun).set({ finishedAt: now(), status, counts: { ...counts }, cursor, error, withdrawalsSkipped: withdrawalsSkipped.length ? withdrawalsSkipped : null }).where(eq(syncRun.id, runId));
    report<SyncReport>(syncs, { sourceId: source.id, status, durationMs: performance.now() - runStarted, counts: { ...counts } });
  };
  const policy = deps.retry ?? DEFAULT_RETRY;
  let failures = 0;
  /** Pulls from the committed cursor to the source's end. Each batch is validated and planned while the one before it commits. */
  const pullAndWrite = async () => {
    let inFlight: Promise<void> | null = null;
    let committing = false;
    let failed: { error: unknown } | null = null;
    const settle = async () => {
      await inFlight;
      inFlight = null;
      if (failed) throw failed.error;
    };
    try {
      // While a batch commits, the pages the source has ready are joined into the next (ingest/batch-joiner).
      const joinUpTo = deps.joinPages === false ? 0 : (connector.maxBatch?.(parsed.data) ?? JOIN_UP_TO);
      for await (const { batch, prepared, counts: batchCounts } of readyBatches(connector.pull(parsed.data, ctx, cursor), source, () => committing, joinUpTo)) {
        const fetchedAt = now();
        const plan = await planBatch({ sourceId: source.id, fetchedAt, keyring: deps.keyring }, prepared.accepted);
        await settle();
        await statistics.refresh();
        // A batch pulled after an abort is not committed: the cursor stays where the last commit left it.
        if (signal.aborted) throw new ConnectorError('CONNECTOR_ABORTED', connector.kind, 'run aborted');
        await deferral.beforeBatch(prepared.accepted.keys());
        committing = true;
        inFlight = writeBatch(deps, source, runId, batch, prepared, plan, batchCounts, fetchedAt, deferral).then(
          (skipped) => {
            committing = false;
            // Counts move only once their batch has committed: a failed run reports what it stored.
            addSyncCounts(counts, batchCounts);
            statistics.committed(prepared.accepted.keys(), batchCounts.inserted + batchCounts.updated);
            if (skipped) withdrawalsSkipped.push(skipped);
            cursor = batch.cursor;
            counts.batches++;
            failures = 0;
            options.onBatch?.(counts);
          },
          (error: unknown) => {
            committing = false;
            failed = { error };
          },
        );
      }
      await settle();
    } finally {
      // The connector failed while a batch was committing: that batch ends (commits or rolls back) first.
      await inFlight;
    }
  };
  try {
    for (;;) {
      try {
        await pullAndWrite();
        break;
      } catch (e) {
        if (signal.aborted || !isTransient(e) || ++failures >= policy.attempts) throw e;
        const waitMs = backoffMs(policy, failures);
        deps.log.warn({ source: source.id, runId, attempt: failures, waitMs, error: describeFailure(e) }, 'transient failure: resuming from the committed cursor');
        retries++;
        await sleep(waitMs, undefined, { signal });
      }
    }
    await deferral.finish();
    await statistics.finish(deferral.filled);
    await ended('succeeded');
    return { runId, sourceId: source.id, status: 'succeeded', counts, cursor, withdrawalsSkipped, retries };
  } catch (e) {
    const error = signal.aborted && !(e instanceof ConnectorError && e.code === 'CONNECTOR_ABORTED') ? 'CONNECTOR_ABORTED: run aborted' : describeFailure(e);
    deps.log.error({ source: source.id, runId, error }, 'sync failed');
    // What the run committed is indexed before it reports; a rebuild that fails stays for the next run.
    await deferral.finish().catch((e: unknown) => deps.log.error({ source: source.id, runId, error: describeFailure(e) }, 'deferred indexes not built'));
    // …and its statistics are current for the next run's plans (a failure here is only logged).
    await statistics.finish(deferral.filled).catch((e: unknown) => deps.log.warn({ source: source.id, runId, error: describeFailure(e) }, 'tables not analysed'));
    await ended('failed', error);
    return { runId, sourceId: source.id, status: 'failed', counts, cursor, error, withdrawalsSkipped, retries };
  }
}

/**
 * Writes prepared records and quarantines the rejects, inside the caller's transaction.
 * What changed goes into `changes`; the caller publishes them last (see publish()). A batch
 * planned ahead (writers/planBatch, with the same source and `fetchedAt`) is passed as
 * `planned`; otherwise it is planned here.
 */
export async function commit(
  tx: Db, deps: IngestDeps, sourceId: string, runId: number | null, p: Prepared, fetchedAt: Date, counts: SyncCounts, changes: ChangeSet,
  planned?: BatchPlan,
) {
  const ctx = { tx, sourceId, fetchedAt, keyring: deps.keyring, changes };
  const plan = planned ?? (await planBatch(ctx, p.accepted));
  for (const write of plan) {
    const res = await write(ctx);
    counts.inserted += res.inserted;
    counts.updated += res.updated;
    counts.unchanged += res.unchanged;
    for (const r of res.rejected) {
      p.rejected.push({ sourceKey: r.item.sourceKey, recordKind: r.item.record.kind, reasonCode: r.reasonCode, reason: r.reason, raw: r.item.raw, listKey: listKeyOfRecord(r.item.record) });
    }
  }
  counts.quarantined += p.rejected.length;
  await quarantineRows(tx, sourceId, runId, p.rejected);
}

/**
 * Evaluates the alert rules on a transaction's changes and appends alerts and changes to
 * the event log. The last statement of every ingest transaction: the log's lock is held
 * from here to the commit only.
 */
export async function publish(tx: Db, deps: Pick<IngestDeps, 'views'>, changes: ChangeSet, at: Date, counts: SyncCounts): Promise<void> {
  counts.alerts += (await publishChanges(tx, changes, at, deps.views ?? DEFAULT_VIEWS)).alerts;
}

/**
 * Commits a prepared batch's records, rejects, file receipts, list marks and cursor in one
 * transaction, adding to its own `counts` for the caller to add once that committed.
 */
async function writeBatch(
  deps: IngestDeps, source: SourceDefinition, runId: number, batch: PullBatch, prepared: Prepared, plan: BatchPlan, counts: SyncCounts, fetchedAt: Date, deferral: IndexDeferral,
) {
  let skipped: WithdrawalSkip | null = null;
  await deps.database.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const changes = new ChangeSet();
    await commit(tx, deps, source.id, runId, prepared, fetchedAt, counts, changes, plan);
    if (batch.files?.length) await recordReceipts(tx, source.id, batch.files, fetchedAt);
    if (batch.snapshot) {
      const outcome = await applyListBatch(tx, source.id, batch.snapshot, listRows(prepared), fetchedAt, changes);
      counts.withdrawn += outcome.withdrawn;
      skipped = outcome.skipped;
    }
    await tx
      .insert(syncState)
      .values({ sourceId: source.id, cursor: batch.cursor, updatedAt: fetchedAt })
      .onConflictDoUpdate({ target: syncState.sourceId, set: { cursor: sql`excluded.cursor`, updatedAt: sql`excluded.updated_at` } });
    await deferral.hold(tx);
    await publish(tx, deps, changes, fetchedAt, counts);
  });
  return skipped as WithdrawalSkip | null;
}

/**
 * A short, safe summary of why a run failed. Drizzle's query errors carry the whole SQL
 * text and every parameter (source data): only the database's own message is kept.
 */
export function describeFailure(e: unknown): string {
  if (e instanceof ConnectorError) return `${e.code}: ${e.message}`;
  const base = driverError(e);
  const code = base.code as string | undefined;
  return `INGEST_FAILED: ${code ? `[${code}] ` : ''}${String(base.message).slice(0, 300)}`;
}
