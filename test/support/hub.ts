/**
 * test/support/hub
 *
 * Starts a real hub on port 0 with a small demo world, on PGlite or PostgreSQL, and a tiny
 * GraphQL-over-HTTP client for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { expect } from 'vitest';
import { loadConfigFile, DEMO_CONFIG_PATH, type HubConfigInput } from '../../src/config.js';
import { startHub, type Hub } from '../../src/hub.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { bearer, DEMO_KEYS } from './keys.js';

export interface TestHub {
  readonly hub: Hub;
  readonly db: TestDatabase;
  /** GraphQL over HTTP as the demo admin, or with `headers` of the caller's choosing. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export async function startTestHub(options: { enterprises?: number; ingest?: boolean; config?: HubConfigInput; production?: boolean; log?: Logger; now?: () => Date } = {}): Promise<TestHub> {
  const db = await createTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'govgraph-test-'));
  const demo = loadConfigFile(DEMO_CONFIG_PATH);
  // A config of the test's own still gets the demo keys and policy unless it names its own.
  const config = options.config
    ? { auth: demo.auth, policy: demo.policy, ...options.config }
    : { ...demo, demo: { enterprises: options.enterprises ?? 150, seed: 20261124 } };
  const hub = await startHub({
    config, databaseUrl: db.url, dataDir: 'memory://', simulatorDir: dir, port: 0, log: options.log ?? pino({ level: 'silent' }), ingest: options.ingest, production: options.production, now: options.now,
  });
  return {
    hub,
    db,
    async gql(query, variables, headers = { authorization: bearer(DEMO_KEYS.admin) }) {
      const res = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
      return { status: res.status, body: (await res.json()) as never };
    },
    async stop() {
      await hub.stop();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a client must never see in a response: SQL, driver or ORM names, stack frames. */
/**
 * A hub with its first ingest round done and nothing running in the background after it (no
 * further sync, no scheduled rule): statement counts and audit rows are the requests' own.
 */
export async function startSettledHub(options: Parameters<typeof startTestHub>[0] = {}): Promise<TestHub> {
  const t = await startTestHub(options);
  await t.hub.scheduler!.firstRound;
  await t.hub.scheduler!.stop();
  await t.hub.alertSchedule?.stop();
  return t;
}

export const LEAK = /select |insert |from "|drizzle|postgres|stack|at \/|node_modules/i;

/** The hub still answers a query over HTTP (after an attack, a refusal or a failure). */
export async function expectAnswering(t: TestHub): Promise<void> {
  expect((await t.gql('{ __typename }')).body.data).toEqual({ __typename: 'Query' });
}

/** An answer without its request ids (each response has its own): for comparing two answers. */
export const withoutRequestIds = <T>(answer: T): T => (answer === undefined ? answer : JSON.parse(JSON.stringify(answer), (k, v) => (k === 'requestId' ? undefined : v)));
