/**
 * The read audit (battery G06, G07): every operation over HTTP and WebSocket — queries,
 * refused requests, subscriptions and each event they deliver — leaves one row with the
 * principal, operation, redacted variables, the entities returned, duration and outcome,
 * in a hash chain that `npm run audit:verify` checks and that names the first row someone
 * altered or removed. If the audit cannot be written, nothing is served (fail closed).
 * `whoAccessed` answers who looked at an entity, when and why.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { asc, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readAudit } from '../../schema/index.js';
import { redact, verifyAudit } from '../../src/audit/audit-log.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';
import { eventually, record, wsClient } from '../support/ws.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let t: TestHub;
let uscc: string;
/** The hub's log lines, as an operator's log shipper would receive them. */
const logLines: string[] = [];

beforeAll(async () => {
  t = await startTestHub({ enterprises: 80, log: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }) });
  await t.hub.scheduler!.firstRound;
  uscc = (await t.gql('{ enterprises(first: 1) { edges { node { uscc } } } }')).body.data.enterprises.edges[0].node.uscc;
}, 120_000);
afterAll(async () => t?.stop());

const rows = () => t.hub.database.db.select().from(readAudit).orderBy(asc(readAudit.seq));
const analyst = (query: string, variables: Record<string, unknown> = {}, purpose?: string) =>
  t.gql(query, variables, { authorization: bearer(DEMO_KEYS.analyst), ...(purpose ? { 'x-purpose': encodeURIComponent(purpose) } : {}) });

describe('every operation is recorded', () => {
  it('a query: principal, operation, document hash, redacted variables, entities returned, purpose, outcome', async () => {
    const before = (await rows()).length;
    const res = await analyst('query Profile($u: String!, $name: String) { enterprise(uscc: $u) { uscc name licenses { licenseId } } enterprises(first: 1, filter: { nameContains: $name }) { totalCount } }', { u: uscc, name: '安泰' }, '企业画像 2026-07');
    expect(res.status).toBe(200);
    const all = await rows();
    expect(all.length).toBe(before + 1);
    const row = all.at(-1)!;
    expect(row).toMatchObject({ principalId: 'key:analyst-demo', department: 'analyst', transport: 'http', operationType: 'query', operationName: 'Profile', outcome: 'ok', purpose: '企业画像 2026-07' });
    expect(row.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(row.variables)).toEqual({ name: '[redacted]', u: uscc });
    // Identity numbers are redacted by shape, whatever the variable is called.
    expect(redact({ q: '110101199003078515', list: ['34010419800101123X'], n: 3 })).toEqual({ list: ['[redacted]'], n: 3, q: '[redacted]' });
    expect(row.entities).toContain(`Enterprise:${uscc}`);
    expect(row.entities.some((e) => e.startsWith('License:'))).toBe(true);
    expect(row.entityCount).toBe(row.entities.length);
  });

  it('a refused request and a denied field are recorded with their codes', async () => {
    await analyst('{ quarantine(first: 1) { edges { cursor } } }');
    await analyst('{ nope }');
    const [denied, invalid] = (await rows()).slice(-2);
    expect(denied).toMatchObject({ outcome: 'error', errorCodes: ['FORBIDDEN'] });
    expect(invalid).toMatchObject({ outcome: 'error', errorCodes: ['GRAPHQL_VALIDATION_FAILED'] });
  });

  it('over WebSocket: a query, a subscription and each event it delivers', async () => {
    const before = (await rows()).length;
    const c = wsClient(t.hub.url, { connectionParams: { authorization: bearer(DEMO_KEYS.analyst) } });
    const q = record(c, 'query Rules { alertRules { kind } }');
    await q.waitFor(1);
    const sub = record(c, `subscription Live { alerts(after: "${Buffer.from('c:0').toString('base64url')}") { subjectKey } }`);
    await sub.waitFor(3);
    await eventually(async () => (await rows()).filter((r) => r.seq > 0).length >= before + 5, 'the audit rows of the socket');
    const mine = (await rows()).slice(before);
    expect(mine.find((r) => r.operationName === 'Rules')).toMatchObject({ transport: 'ws', operationType: 'query', principalId: 'key:analyst-demo' });
    expect(mine.find((r) => r.operationName === 'Live' && r.operationType === 'subscription')).toBeDefined();
    const events = mine.filter((r) => r.operationType === 'subscription-event');
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.every((r) => r.entities.some((e) => e.startsWith('Alert:')))).toBe(true);
    sub.stop();
    await c.dispose();
  });
});

describe('whoAccessed', () => {
  it('tells an authorised officer which departments looked at an enterprise, when and why', async () => {
    await t.gql('query Check($u: String!) { enterprise(uscc: $u) { name } }', { u: uscc }, { authorization: bearer(DEMO_KEYS.tax) });
    const res = await t.gql('query($u: String!) { whoAccessed(type: ENTERPRISE, key: $u) { seq at principalId department purpose operationName outcome } }', { u: uscc });
    const who = res.body.data.whoAccessed;
    expect(who[0]).toMatchObject({ department: 'tax', operationName: 'Check', outcome: 'ok' });
    expect(who.find((w: any) => w.department === 'analyst')).toMatchObject({ purpose: '企业画像 2026-07', operationName: 'Profile' });
    expect(who.map((w: any) => w.seq)).toEqual([...who.map((w: any) => w.seq)].sort((a, b) => b - a));
    // Not a question every department may ask.
    const denied = await analyst('query($u: String!) { whoAccessed(type: ENTERPRISE, key: $u) { seq } }', { u: uscc });
    expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('hash chain', () => {
  it('verifies, and names the first row that was altered or removed (G06)', async () => {
    const ok = await verifyAudit(t.hub.database.db);
    expect(ok.broken).toBeNull();
    expect(ok.rows).toBeGreaterThan(5);
    const all = await rows();
    const victim = all[Math.floor(all.length / 2)]!;
    // Someone rewrites who read it.
    await t.hub.database.db.update(readAudit).set({ principalId: 'key:nobody' }).where(eq(readAudit.seq, victim.seq));
    expect((await verifyAudit(t.hub.database.db)).broken).toEqual({ seq: victim.seq, reason: 'CONTENT_ALTERED' });
    await t.hub.database.db.update(readAudit).set({ principalId: victim.principalId }).where(eq(readAudit.seq, victim.seq));
    expect((await verifyAudit(t.hub.database.db)).broken).toBeNull();
    // Someone deletes a row: the next one no longer links.
    await t.hub.database.db.delete(readAudit).where(eq(readAudit.seq, victim.seq));
    const next = all.find((r) => r.seq > victim.seq)!;
    expect((await verifyAudit(t.hub.database.db)).broken).toEqual({ seq: next.seq, reason: 'CHAIN_BROKEN' });
    await t.hub.database.db.insert(readAudit).values(victim);
    expect((await verifyAudit(t.hub.database.db)).broken).toBeNull();
  });

  it.runIf(!!process.env.DATABASE_URL)('npm run audit:verify reports the same, as its own process', async () => {
    const run = () => spawnSync(process.execPath, ['--import', 'tsx', 'src/audit/cli.ts'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.db.url }, encoding: 'utf8' });
    const ok = run();
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/read audit intact: \d+ rows/);
    const [victim] = (await rows()).slice(2, 3);
    await t.hub.database.db.update(readAudit).set({ purpose: 'edited' }).where(eq(readAudit.seq, victim!.seq));
    const bad = run();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(`BROKEN at seq ${victim!.seq}`);
    await t.hub.database.db.update(readAudit).set({ purpose: victim!.purpose }).where(eq(readAudit.seq, victim!.seq));
  });
});

describe('fail closed (G07)', () => {
  it('serves nothing when the audit cannot be written, over HTTP and WebSocket, and recovers', async () => {
    await t.hub.database.exec('alter table read_audit rename to read_audit_away');
    try {
      const res = await analyst('query($u: String!) { enterprise(uscc: $u) { name } }', { u: uscc });
      expect(res.status).toBe(503);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors[0].extensions.code).toBe('AUDIT_UNAVAILABLE');
      const answer = await new Promise<any>((resolve) => {
        const ws = new WebSocket(t.hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
        ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: bearer(DEMO_KEYS.analyst) } })));
        ws.on('message', (d) => {
          const m = JSON.parse(String(d));
          if (m.type === 'connection_ack') ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `{ enterprise(uscc: "${uscc}") { name } }` } }));
          if (m.type === 'next') {
            ws.close();
            resolve(m.payload);
          }
        });
      });
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors[0].extensions.code).toBe('AUDIT_UNAVAILABLE');
      // The log names the failure and the request, never the row: no entity key, no statement, no variables.
      const failures = logLines.filter((l) => l.includes('read audit write failed')).map((l) => JSON.parse(l));
      expect(failures.length).toBeGreaterThanOrEqual(2);
      for (const f of failures) {
        expect(f.requestId).toMatch(/^[0-9a-f-]{36}$/);
        expect(f.failure).toEqual({ kind: expect.any(String), sqlState: '42P01' });
      }
      const logged = logLines.join('\n');
      expect(logged).not.toContain(uscc);
      expect(logged).not.toMatch(/insert into|params:/i);
    } finally {
      await t.hub.database.exec('alter table read_audit_away rename to read_audit');
    }
    const back = await analyst('query($u: String!) { enterprise(uscc: $u) { name } }', { u: uscc });
    expect(back.status).toBe(200);
    expect(back.body.data.enterprise.name).toBeTruthy();
    expect((await verifyAudit(t.hub.database.db)).broken).toBeNull();
  });
});
