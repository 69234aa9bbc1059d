/**
 * The read audit (battery G06, G07): every operation over HTTP and WebSocket — queries,
 * refused requests, subscriptions and each event they deliver — leaves one row with the
 * principal, operation, redacted variables, the entities returned, duration and outcome,
 * in a hash chain that `npm run audit:verify` checks and that names the first row someone
 * altered or removed. If the audit cannot be written, nothing is served (fail closed).
 * `whoAccessed` answers who looked at an entity, when and why.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asc, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readAudit } from '../../schema/index.js';
import { anchorKey, verifyAnchors } from '../../src/audit/anchors.js';
import { rowHash, verifyAudit } from '../../src/audit/audit-log.js';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../../src/config.js';
import { redactValue } from '../../src/audit/redaction.js';
import { normaliseCode } from '../../src/domain/identifiers/result.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';
import { eventually, record, wsClient } from '../support/ws.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let t: TestHub;
let uscc: string;
/** The hub's log lines, as an operator's log shipper would receive them. */
const logLines: string[] = [];

const anchorDir = mkdtempSync(join(tmpdir(), 'govgraph-anchors-'));
const anchorFile = join(anchorDir, 'audit-anchors.log');

beforeAll(async () => {
  process.env.GOVGRAPH_TEST_ANCHOR_KEY = 'ab'.repeat(32);
  const demo = loadConfigFile(DEMO_CONFIG_PATH);
  t = await startTestHub({
    config: { ...demo, demo: { enterprises: 80, seed: 20261124 }, audit: { anchor: { file: anchorFile, keyEnv: 'GOVGRAPH_TEST_ANCHOR_KEY', everySeconds: 3600 } } },
    log: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
  });
  await t.hub.scheduler!.firstRound;
  uscc = (await t.gql('{ enterprises(first: 1) { edges { node { uscc } } } }')).body.data.enterprises.edges[0].node.uscc;
}, 120_000);
afterAll(async () => {
  await t?.stop();
  rmSync(anchorDir, { recursive: true, force: true });
});

/** What an insider who owns the table can do: switch the append-only triggers off for a moment. */
async function asOwner(fn: () => Promise<unknown>): Promise<void> {
  await t.hub.database.exec('alter table read_audit disable trigger user');
  try {
    await fn();
  } finally {
    await t.hub.database.exec('alter table read_audit enable trigger user');
  }
}

const rows = () => t.hub.database.db.select().from(readAudit).orderBy(asc(readAudit.seq));
const analyst = (query: string, variables: Record<string, unknown> = {}, purpose?: string) =>
  t.gql(query, variables, { authorization: bearer(DEMO_KEYS.analyst), ...(purpose ? { 'x-purpose': encodeURIComponent(purpose) } : {}) });

describe('every operation is recorded', () => {
  it('a query: principal, operation, document hash, redacted variables, entities returned, purpose, outcome', async () => {
    const before = (await rows()).length;
    const res = await analyst('query Profile($u: String!, $name: String) { enterprise(uscc: $u) { uscc name licenses { licenseId } } enterprises(first: 1, filter: { name: { contains: $name } }) { totalCount } }', { u: uscc, name: '安泰' }, '企业画像 2026-07');
    expect(res.status).toBe(200);
    const all = await rows();
    expect(all.length).toBe(before + 1);
    const row = all.at(-1)!;
    expect(row).toMatchObject({ principalId: 'key:analyst-demo', department: 'analyst', transport: 'http', operationType: 'query', operationName: 'Profile', outcome: 'ok', purpose: '企业画像 2026-07' });
    expect(row.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    // An enterprise name is public register data: kept (redaction goes by class, not by a variable's name).
    // The variables, and under `$arguments` the root fields whose arguments are written into the document, as they ran.
    expect(JSON.parse(row.variables)).toEqual({ name: '安泰', u: uscc, $arguments: { enterprises: { filter: { name: { contains: '安泰' } }, first: 1 } } });
    // Identity numbers are redacted in any spelling, whatever the variable is called.
    expect(redactValue({ q: '110101199003078515', list: ['34010419800101123X'], n: 3 })).toEqual({ list: ['[redacted]'], n: 3, q: '[redacted]' });
    expect(row.entities).toContain(`Enterprise:${uscc}`);
    expect(row.entities.some((e) => e.startsWith('License:'))).toBe(true);
    expect(row.entityCount).toBe(row.entities.length);
  });

  it('an identity number never reaches the audit table, in any spelling: by the class of its argument, and by its normalised shape anywhere', async () => {
    const id = '110101199003078515';
    const spellings = [
      id.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))), // full-width digits
      `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`, // spaces
      `${id.slice(0, 6)}-${id.slice(6, 14)}-${id.slice(14)}`, // hyphens
    ];
    for (const q of spellings) {
      await analyst('query($q: String!) { person(idNumber: $q) { maskedId } }', { q }, 'audit test');
      await analyst('query($q: String) { enterprises(first: 1, filter: { name: { contains: $q } }) { totalCount } }', { q }, 'audit test');
      // A person's name or ID fed to a PERSON_ID argument is redacted even when it is not shaped like one.
      await analyst('query($anything: String!) { person(idNumber: $anything) { maskedId } }', { anything: 'not-an-id' }, 'audit test');
    }
    const stored = await t.hub.database.query<{ variables: string }>('select variables from read_audit order by seq desc limit 9');
    expect(stored).toHaveLength(9);
    for (const r of stored) {
      expect(normaliseCode(r.variables)).not.toContain(id);
      expect(JSON.parse(r.variables).q ?? JSON.parse(r.variables).anything).toBe('[redacted]');
    }
  });

  it('a long list variable is stored cut once, saying how many were left out', async () => {
    await analyst('query($k: [AlertKind!]) { alerts(first: 1, filter: { kinds: $k }) { edges { cursor } } }', { k: Array(60).fill('LICENSE_EXPIRING') });
    const [row] = await t.hub.database.query<{ variables: string }>('select variables from read_audit order by seq desc limit 1');
    expect(JSON.parse(row!.variables).k).toEqual([...Array(50).fill('LICENSE_EXPIRING'), '…10 more']);
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
    await asOwner(() => t.hub.database.db.update(readAudit).set({ principalId: 'key:nobody' }).where(eq(readAudit.seq, victim.seq)));
    expect((await verifyAudit(t.hub.database.db)).broken).toEqual({ seq: victim.seq, reason: 'CONTENT_ALTERED' });
    await asOwner(() => t.hub.database.db.update(readAudit).set({ principalId: victim.principalId }).where(eq(readAudit.seq, victim.seq)));
    expect((await verifyAudit(t.hub.database.db)).broken).toBeNull();
    // Someone deletes a row: the next one no longer links.
    await asOwner(() => t.hub.database.db.delete(readAudit).where(eq(readAudit.seq, victim.seq)));
    const next = all.find((r) => r.seq > victim.seq)!;
    expect((await verifyAudit(t.hub.database.db)).broken).toEqual({ seq: next.seq, reason: 'CHAIN_BROKEN' });
    await t.hub.database.db.insert(readAudit).values(victim);
    expect((await verifyAudit(t.hub.database.db)).broken).toBeNull();
  });

  it.runIf(!!process.env.DATABASE_URL)('npm run audit:verify reports the same, as its own process', async () => {
    // The configuration names the anchor file and the key's env var, as a deployment's would.
    const config = join(anchorDir, 'verify.json');
    writeFileSync(config, JSON.stringify({ audit: { anchor: { file: anchorFile, keyEnv: 'GOVGRAPH_TEST_ANCHOR_KEY' } } }));
    await t.hub.auditAnchors!.anchorNow();
    const run = () => spawnSync(process.execPath, ['--import', 'tsx', 'src/audit/cli.ts'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.db.url, GOVGRAPH_CONFIG: config }, encoding: 'utf8' });
    const ok = run();
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/read audit intact: \d+ rows, every hash and link verified, every anchor holds/);
    const [victim] = (await rows()).slice(2, 3);
    await asOwner(() => t.hub.database.db.update(readAudit).set({ purpose: 'edited' }).where(eq(readAudit.seq, victim!.seq)));
    const bad = run();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(`BROKEN at seq ${victim!.seq}`);
    await asOwner(() => t.hub.database.db.update(readAudit).set({ purpose: victim!.purpose }).where(eq(readAudit.seq, victim!.seq)));
  });
});

describe('an audit an insider cannot quietly rewrite (G06)', () => {
  const key = () => anchorKey({ file: anchorFile, keyEnv: 'GOVGRAPH_TEST_ANCHOR_KEY', everySeconds: 60 });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const [one] = await rows();
    await expect(t.hub.database.query(`update read_audit set purpose = 'x' where seq = $1`, [one!.seq])).rejects.toThrow(/append-only/);
    await expect(t.hub.database.query(`delete from read_audit where seq = $1`, [one!.seq])).rejects.toThrow(/append-only/);
    await expect(t.hub.database.query(`truncate read_audit`)).rejects.toThrow(/append-only/);
    expect((await rows())[0]).toEqual(one);
  });

  it('names a truncated tail and a recomputed chain that the chain alone accepts, and a forged anchor', async () => {
    for (let i = 0; i < 4; i++) await analyst('query($u: String!) { enterprise(uscc: $u) { name } }', { u: uscc });
    const anchored = await t.hub.auditAnchors!.anchorNow();
    expect(anchored).not.toBeNull();
    expect(await verifyAnchors(t.hub.database.db, anchorFile, key())).toBeNull();

    // The newest rows deleted: the chain still links, the anchor names what is gone.
    const tail = (await rows()).filter((r) => r.seq > anchored!.seq - 2);
    await asOwner(() => t.hub.database.query(`delete from read_audit where seq > $1`, [anchored!.seq - 2]));
    expect((await verifyAudit(t.hub.database.db)).broken).toBeNull();
    expect(await verifyAnchors(t.hub.database.db, anchorFile, key())).toEqual({ seq: anchored!.seq, reason: 'TAIL_TRUNCATED' });
    await asOwner(() => t.hub.database.db.insert(readAudit).values(tail));

    // One row rewritten and every hash after it recomputed: the chain verifies, the anchor does not.
    const all = await rows();
    const from = all.findIndex((r) => r.seq === anchored!.seq - 3);
    let prev = all[from - 1]!.hash;
    const rewritten = all.slice(from).map((r, i) => {
      const row = { ...r, purpose: i === 0 ? 'rewritten' : r.purpose, prevHash: prev };
      prev = row.hash = rowHash(row.prevHash, row);
      return row;
    });
    await asOwner(async () => {
      for (const r of rewritten) await t.hub.database.db.update(readAudit).set({ purpose: r.purpose, prevHash: r.prevHash, hash: r.hash }).where(eq(readAudit.seq, r.seq));
    });
    expect((await verifyAudit(t.hub.database.db)).broken).toBeNull();
    expect(await verifyAnchors(t.hub.database.db, anchorFile, key())).toEqual({ seq: anchored!.seq, reason: 'CHAIN_RECOMPUTED' });
    await asOwner(async () => {
      for (const r of all.slice(from)) await t.hub.database.db.update(readAudit).set({ purpose: r.purpose, prevHash: r.prevHash, hash: r.hash }).where(eq(readAudit.seq, r.seq));
    });
    expect(await verifyAnchors(t.hub.database.db, anchorFile, key())).toBeNull();

    // An anchor line edited without the key does not verify.
    const before = readFileSync(anchorFile, 'utf8');
    appendFileSync(anchorFile, `${JSON.stringify({ ...anchored, hash: '0'.repeat(64) })}\n`);
    expect(await verifyAnchors(t.hub.database.db, anchorFile, key())).toMatchObject({ reason: 'ANCHOR_FORGED' });
    writeFileSync(anchorFile, before);
    expect((await verifyAudit(t.hub.database.db)).broken).toBeNull();
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
