/**
 * test/support/demo-ingest
 *
 * A migrated test database with a demo world's six sources running against it, and a
 * way to sync them (one after another, all at once, with other ingest options): what the
 * whole-world ingest tests share.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, expect } from 'vitest';
import type { Logger } from '../../connectors/contract.js';
import { loadSettings } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { startDemoSources } from '../../src/demo-sources.js';
import { PersonKeyring } from '../../src/ingest/person-keyring.js';
import { sourceFromConfig, syncSource, type IngestDeps, type SourceDefinition, type SyncSummary } from '../../src/ingest/pipeline.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface DemoIngest {
  readonly world: { enterprises: number; seed: number };
  /** Per connector kind, options that make its batches small (so runs commit many times). */
  readonly batch: Record<string, Record<string, unknown>>;
  /** Where the simulator's files go (one folder per ingest). */
  readonly dir: string;
  /** Test databases made, for the file to drop afterwards. */
  readonly dbs: TestDatabase[];
}

/** A test file's whole-world ingests: a new folder for the simulator's files; the folder and every database made are removed after the file. */
export function demoIngestFor(name: string, world: DemoIngest['world'], batch: DemoIngest['batch']): DemoIngest {
  const o: DemoIngest = { world, batch, dir: mkdtempSync(join(tmpdir(), `govgraph-${name}-`)), dbs: [] };
  afterAll(async () => {
    for (const d of o.dbs) await d.drop();
    rmSync(o.dir, { recursive: true, force: true });
  });
  return o;
}

export type Sync = (run: (s: SourceDefinition) => Promise<SyncSummary>, sources: SourceDefinition[]) => Promise<SyncSummary[]>;

export const oneAfterAnother: Sync = async (run, sources) => {
  const out: SyncSummary[] = [];
  for (const s of sources) out.push(await run(s));
  return out;
};

/**
 * Syncs the six demo sources into a new database with `sync`; every run must succeed.
 * The database stays open and the sources keep serving (`again` syncs them once more)
 * (all, or the sources named) until `stop`.
 */
export async function ingestDemoWorld(
  o: DemoIngest, name: string, sync: Sync, deps: Partial<Pick<IngestDeps, 'bulkFirstLoad'>> & { log?: Logger } = {},
): Promise<{ database: Database; url: string | undefined; runs: SyncSummary[]; again: (only?: readonly string[]) => Promise<SyncSummary[]>; stop: () => Promise<void> }> {
  const tdb = await createTestDatabase();
  o.dbs.push(tdb);
  const database = await openDatabase({ url: tdb.url });
  await database.migrate();
  const demo = await startDemoSources({ demo: o.world, dataDir: 'memory://', dir: join(o.dir, name), database });
  const entries = loadSettings({ GOVGRAPH_CONFIG: 'govgraph.demo.json' }).config.sources;
  expect(entries.map((s) => s.connector).sort()).toEqual(['credit', 'e-license', 'land', 'market-registry', 'realestate', 'tax']);
  const sources = entries.map((s) => {
    const def = sourceFromConfig(s);
    return { ...def, options: { ...(def.options as object), ...o.batch[s.connector] } };
  });
  const full: IngestDeps = { database, keyring: PersonKeyring.fromKey(Buffer.alloc(32, 7)), log: pino({ level: 'silent' }), databaseUrl: tdb.url, ...deps };
  const runAll = async (only?: readonly string[]) => {
    const runs = await sync((s) => syncSource(full, s), sources.filter((s) => !only || only.includes(s.id)));
    for (const r of runs) expect(r.status, `${r.sourceId}: ${r.error}`).toBe('succeeded');
    return runs;
  };
  try {
    return { database, url: tdb.url, runs: await runAll(), again: (only) => runAll(only), stop: () => demo.stop() };
  } catch (e) {
    await demo.stop();
    throw e;
  }
}
