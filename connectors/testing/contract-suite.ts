/**
 * connectors/testing/contract-suite
 *
 * The one contract every connector passes, run unchanged by each connector's own test file
 * (drizzle's pg-common.ts pattern): options checked, health check against the live source
 * and against one that is not there, a pull to completion through the real pipeline with
 * a bad record quarantined while the rest lands, an idempotent re-run from scratch (cursor
 * and file ledger forgotten, so every record is read again), and an abort after the first
 * batch whose resumed run ends exactly where an uninterrupted run does. Graphs are compared
 * over every table of the schema (test/support/snapshot), so a new source's new table is
 * covered without editing this suite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { listGap, quarantine, sourceFile, syncState } from '../../schema/index.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { PersonKeyring } from '../../src/ingest/person-keyring.js';
import { syncSource, type IngestDeps } from '../../src/ingest/pipeline.js';
import { createConnectorContext } from '../../src/ingest/connector-context.js';
import { receiptLedger } from '../../src/ingest/receipts.js';
import { World } from '../../src/simulator/world.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { comparedTables, graphSnapshot } from '../../test/support/snapshot.js';
import { ConnectorError, type Connector } from '../contract.js';
import { connectors } from '../registry.js';

export interface ContractFixture {
  /** Options for a source serving the fixture, with batches small enough that a sync has several. */
  readonly options: Record<string, unknown>;
  /** Options pointing at a source that is not there. */
  readonly unreachableOptions: Record<string, unknown>;
  /** Reason code of the one bad record the fixture holds. */
  readonly badRecordReason: string;
  stop(): Promise<void>;
}

export interface ContractHarness {
  /** Builds the fixture for one database (SQL sources put their views into it). */
  setup(env: { world: World; dir: string; database: Database }): Promise<ContractFixture>;
}

interface Env {
  tdb: TestDatabase;
  database: Database;
  deps: IngestDeps;
  fixture: ContractFixture;
  dir: string;
}

export function connectorContract(kind: string, harness: ContractHarness): void {
  const connector = connectors.get(kind) as Connector<unknown> | undefined;
  const world = new World({ enterprises: 30, seed: 7 });
  const envs: Env[] = [];

  async function env(): Promise<Env> {
    const tdb = await createTestDatabase();
    const database = await openDatabase({ url: tdb.url });
    await database.migrate();
    const dir = mkdtempSync(join(tmpdir(), `govgraph-contract-${kind}-`));
    const fixture = await harness.setup({ world, dir, database });
    const e = { tdb, database, dir, fixture, deps: { database, keyring: PersonKeyring.fromKey(Buffer.alloc(32, 7)), log: pino({ level: 'silent' }), databaseUrl: tdb.url } };
    envs.push(e);
    return e;
  }
  const sync = (e: Env, options = e.fixture.options, opts: Parameters<typeof syncSource>[2] = {}) =>
    syncSource(e.deps, { id: `contract-${kind}`, connector: kind, options }, opts);

  afterAll(async () => {
    for (const e of envs) {
      await e.fixture.stop();
      await e.database.close();
      await e.tdb.drop();
      rmSync(e.dir, { recursive: true, force: true });
    }
  });

  describe(`${kind} connector contract`, () => {
    it('is registered and checks its options', () => {
      expect(connector, `connectors/registry.ts lists ${kind}`).toBeDefined();
      expect(connector!.configSchema.safeParse({}).success).toBe(false);
      expect(connector!.configSchema.safeParse({ unexpected: 1 }).success).toBe(false);
    });

    it('passes its health check against the source, and fails it with a ConnectorError when the source is not there', async () => {
      const e = await env();
      const ctx = createConnectorContext({ connector: kind, database: e.database, log: e.deps.log, signal: AbortSignal.timeout(20_000), databaseUrl: e.tdb.url, receipts: receiptLedger(e.database.db, 'x') });
      await connector!.healthCheck(connector!.configSchema.parse(e.fixture.options), ctx);
      const bad = connector!.configSchema.parse(e.fixture.unreachableOptions);
      await expect(connector!.healthCheck(bad, ctx)).rejects.toBeInstanceOf(ConnectorError);
    });

    it('pulls to completion: the bad record is quarantined with its reason and raw content, the rest lands, and a re-run changes nothing', async () => {
      const e = await env();
      const run = await sync(e);
      expect(run.status, run.error).toBe('succeeded');
      expect(run.counts.batches).toBeGreaterThanOrEqual(2);
      expect(run.counts.inserted).toBeGreaterThan(0);
      const q = await e.database.db.select().from(quarantine).where(eq(quarantine.sourceId, `contract-${kind}`));
      const bad = q.find((r) => r.reasonCode === e.fixture.badRecordReason);
      expect(bad, `quarantined reasons: ${q.map((r) => r.reasonCode).join(', ')}`).toBeDefined();
      expect(bad!.raw.length).toBeGreaterThan(5);
      expect(bad!.reason.length).toBeGreaterThan(5);
      const before = await graphSnapshot(e.database);
      // Whatever the records reached is compared: no table with rows is left out but the run history.
      const compared = new Set(comparedTables().map((t) => t.name));
      const tables = await e.database.query<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
      const filled: string[] = [];
      for (const { t } of tables) if ((await e.database.query(`select 1 from "${t}" limit 1`)).length) filled.push(t);
      expect(filled.filter((t) => !compared.has(t))).toEqual(['sync_run']);

      // The same sync from scratch — cursor and file ledger forgotten — reads every record again and finds it all there.
      const id = `contract-${kind}`;
      await e.database.db.delete(syncState).where(eq(syncState.sourceId, id));
      await e.database.db.delete(sourceFile).where(eq(sourceFile.sourceId, id));
      await e.database.db.delete(listGap).where(eq(listGap.sourceId, id));
      const again = await sync(e);
      expect(again.status, again.error).toBe('succeeded');
      expect(again.counts.read).toBe(run.counts.read);
      expect(again.counts.inserted + again.counts.updated).toBe(0);
      expect(await graphSnapshot(e.database)).toEqual(before);
    });

    it('honours an abort after the first batch, and the resumed run ends exactly where an uninterrupted one does', async () => {
      const straight = await env();
      expect((await sync(straight)).status).toBe('succeeded');

      const interrupted = await env();
      const controller = new AbortController();
      const started = Date.now();
      const aborted = await sync(interrupted, interrupted.fixture.options, {
        signal: controller.signal,
        onBatch: (c) => {
          if (c.batches === 1) controller.abort();
        },
      });
      expect(aborted.status).toBe('failed');
      expect(aborted.error).toMatch(/^CONNECTOR_ABORTED/);
      expect(aborted.counts.batches).toBe(1);
      expect(Date.now() - started).toBeLessThan(30_000);
      const resumed = await sync(interrupted);
      expect(resumed.status, resumed.error).toBe('succeeded');
      expect(await graphSnapshot(interrupted.database)).toEqual(await graphSnapshot(straight.database));
    });
  });
}
