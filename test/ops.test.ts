/**
 * Operations over GraphQL: sources and their freshness, sync runs, the quarantine with its
 * filters, and reprocessing quarantined records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createIngestOps } from '../src/ingest/ops.js';
import { startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;

beforeAll(async () => {
  t = await startTestHub({ enterprises: 400 });
  await t.hub.scheduler!.firstRound;
});
afterAll(async () => t?.stop());

describe('operations over GraphQL', () => {
  it('lists every source with its last run, last success and lag', async () => {
    const { body } = await t.gql('{ sources { id connector enabled everySeconds lagSeconds lastSuccessAt cursor lastRun { status counts { read inserted quarantined batches } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.sources.map((s: any) => s.id)).toEqual(['market-registry', 'land', 'realestate', 'e-license', 'credit', 'tax']);
    for (const s of body.data.sources) {
      expect(s.lastRun.status).toBe('succeeded');
      expect(s.lastSuccessAt).not.toBeNull();
      expect(s.lagSeconds).toBeGreaterThanOrEqual(0);
      expect(JSON.parse(s.cursor)).toBeTruthy();
    }
  });

  it('lists sync runs newest first, per source', async () => {
    const { body } = await t.gql('{ syncRuns(sourceId: "land", first: 5) { id sourceId status startedAt finishedAt counts { read inserted } error } }');
    expect(body.data.syncRuns.length).toBeGreaterThan(0);
    expect(body.data.syncRuns.every((r: any) => r.sourceId === 'land')).toBe(true);
    expect(body.data.syncRuns[0].counts.read).toBeGreaterThan(0);
  });

  it('filters the quarantine and pages it', async () => {
    const all = await t.gql('{ quarantine(first: 100) { edges { node { id sourceId reasonCode reason raw reprocessable } } pageInfo { hasNextPage endCursor } } }');
    const entries = all.body.data.quarantine.edges.map((e: any) => e.node);
    expect(entries.length).toBeGreaterThan(0);
    const one = await t.gql('query($r: String!) { quarantine(first: 1, filter: { sourceId: "market-registry", reasonCode: $r }) { edges { node { sourceId reasonCode } } pageInfo { hasNextPage endCursor } } }', { r: 'USCC_CHECKSUM' });
    const page = one.body.data.quarantine;
    expect(page.edges).toHaveLength(1);
    expect(page.edges[0].node).toEqual({ sourceId: 'market-registry', reasonCode: 'USCC_CHECKSUM' });
    if (page.pageInfo.hasNextPage) {
      const next = await t.gql('query($a: String) { quarantine(first: 1, after: $a, filter: { reasonCode: "USCC_CHECKSUM" }) { edges { node { id } } } }', { a: page.pageInfo.endCursor });
      expect(next.body.data.quarantine.edges).toHaveLength(1);
    }
  });

  it('says exactly whether entries lie before a page of the quarantine (newest first), for every cursor, filtered or not', async () => {
    const every = (await t.hub.database.query<{ id: number; reason_code: string }>('select id, reason_code from quarantine where resolved_at is null order by id')).map((r) => ({ id: Number(r.id), reason: r.reason_code }));
    expect(every.length).toBeGreaterThan(1);
    // The reason whose newest entry is oldest: cursors past it have nothing of that reason before them.
    const newestOf = (reason: string) => Math.max(...every.filter((e) => e.reason === reason).map((e) => e.id));
    const early = [...new Set(every.map((e) => e.reason))].sort((a, b) => newestOf(a) - newestOf(b))[0]!;
    for (const reasonCode of [undefined, early]) {
      // Every entry's cursor, and one past the newest (nothing before it).
      for (const id of [...every.map((e) => e.id), every.at(-1)!.id + 1]) {
        const page = (await t.gql('query($a: String, $r: String) { quarantine(first: 1, after: $a, filter: { reasonCode: $r }) { pageInfo { hasPreviousPage } } }',
          { a: Buffer.from(`c:${id}`).toString('base64url'), r: reasonCode })).body.data.quarantine.pageInfo;
        expect(page.hasPreviousPage, `after ${id}, ${reasonCode ?? 'any reason'}`).toBe(every.some((e) => e.id >= id && (!reasonCode || e.reason === reasonCode)));
      }
    }
  });

  it('reprocesses: still rejected under the same rules, accepted once the source is lenient, resolved after', async () => {
    const q = await t.gql('{ quarantine(first: 5, filter: { reasonCode: "USCC_CHECKSUM" }) { edges { node { id reprocessable raw } } } }');
    const entry = q.body.data.quarantine.edges[0].node;
    expect(entry.reprocessable).toBe(true);
    const strict = await t.gql('mutation($ids: [ID!]!) { reprocessQuarantine(ids: $ids) { examined accepted stillRejected notReprocessable } }', { ids: [entry.id] });
    expect(strict.body.data.reprocessQuarantine).toEqual({ examined: 1, accepted: 0, stillRejected: 1, notReprocessable: 0 });

    // The corrupted codes keep a valid organisation-code check, like pre-standard pilot codes: lenient mode takes them, flagged.
    const sources = [{ id: 'market-registry', connector: 'market-registry', options: {}, lenient: true, enabled: true, schedule: { everySeconds: 300 } }];
    const ops = createIngestOps({ database: t.hub.database, keyring: t.hub.keyring, log: pino({ level: 'silent' }) }, sources);
    expect(await ops.reprocessQuarantine([Number(entry.id)])).toEqual({ examined: 1, accepted: 1, stillRejected: 0, notReprocessable: 0 });
    const uscc = entry.raw.split(',')[0];
    const e = await t.gql('query($u: String!) { enterprise(uscc: $u) { uscc warnings provenance { sourceId } } }', { u: uscc });
    expect(e.body.data.enterprise.uscc).toBe(uscc);
    expect(e.body.data.enterprise.warnings[0]).toMatch(/lenient/);
    const after = await t.gql('{ quarantine(first: 100, filter: { unresolved: false, reasonCode: "USCC_CHECKSUM" }) { edges { node { id resolvedAt resolution } } } }');
    expect(after.body.data.quarantine.edges.find((x: any) => x.node.id === entry.id).node.resolution).toBe('REPROCESSED');
    const again = await t.gql('mutation($ids: [ID!]!) { reprocessQuarantine(ids: $ids) { examined } }', { ids: [entry.id] });
    expect(again.body.data.reprocessQuarantine.examined).toBe(0);
  });

  it('refuses bad reprocess arguments with BAD_USER_INPUT', async () => {
    for (const ids of [[], ['abc']]) {
      const r = await t.gql('mutation($ids: [ID!]!) { reprocessQuarantine(ids: $ids) { examined } }', { ids });
      expect(r.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});
