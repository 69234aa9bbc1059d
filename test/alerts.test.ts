/**
 * Alerts end to end, over the real graphql-ws client on a real socket: a change ingested
 * through a real connector (the e-license webhook) raises an alert that is in the log in
 * the same transaction and reaches a live subscriber; a subscriber that was away resumes
 * from its cursor and gets exactly what it missed, then live, with no gap or repeat. Also:
 * the paged query, acknowledgement, rules managed by mutation (and honoured), the
 * scheduled rules, and the entity change stream.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alert, alertRule, entityChange } from '../schema/index.js';
import { addDays, chinaToday } from '../src/alerts/evaluate.js';
import { DEFAULT_RULES } from '../src/alerts/rules.js';
import { elicenseItems } from '../src/simulator/elicense.outlet.js';
import { startTestHub, type TestHub } from './support/hub.js';
import { bearer, DEMO_KEYS } from './support/keys.js';
import { pushLicense as pushSigned } from './support/push.js';
import { eventually, record, wsClient } from './support/ws.js';

let t: TestHub;
const clients: { dispose(): unknown }[] = [];

beforeAll(async () => {
  t = await startTestHub({ enterprises: 150 });
  const runs = await t.hub.scheduler!.firstRound;
  for (const r of runs) expect(r.status, `${r.sourceId}: ${r.error}`).toBe('succeeded');
});
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await t?.stop();
});

const client = () => {
  const c = wsClient(t.hub.url);
  clients.push(c);
  return c;
};

/** Pushes license `index` of the demo world through the signed webhook, with changes. */
let pushed = 0;
async function pushLicense(index: number, change: Record<string, unknown>) {
  const l = { ...elicenseItems(t.hub.simulator!.world)[index]!, ...change, updatedAt: new Date(Date.now() + ++pushed * 1000).toISOString() };
  return (await pushSigned(t.hub.url, l)) as { licenseId: string; holderId: string };
}

/** Licenses of enterprises (not persons) whose pushes will raise LICENSE_EXPIRING. */
const enterpriseLicenses = () =>
  elicenseItems(t.hub.simulator!.world)
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => (l as { holderIdType?: string }).holderIdType === 'USCC');

const ALERT_FIELDS = 'cursor kind severity title subjectType subjectKey sourceId enterpriseUscc divisionCode detail enterprise { uscc name }';
const soon = () => addDays(chinaToday(new Date()), 10);

describe('alert subscription', () => {
  it('delivers an ingested change’s alert live, then exactly what was missed after a reconnect, then live again', async () => {
    const candidates = enterpriseLicenses().slice(0, 6);
    expect(candidates.length).toBe(6);
    const first = record(client(), `subscription { alerts(filter: { kinds: [LICENSE_EXPIRING] }) { ${ALERT_FIELDS} } }`);
    await eventually(() => t.hub.events.stats().subscribers > 0, 'the subscription to register');

    const l0 = await pushLicense(candidates[0]!.i, { validTo: soon(), status: 'VALID' });
    const [live] = await first.waitFor(1);
    expect(live).toMatchObject({ kind: 'LICENSE_EXPIRING', severity: 'WARNING', subjectType: 'License', subjectKey: l0.licenseId, sourceId: 'e-license', enterpriseUscc: l0.holderId });
    expect(live.enterprise.uscc).toBe(l0.holderId);
    expect(live.divisionCode).toMatch(/^\d{6}$/);
    expect(live.detail).toMatchObject({ licenseId: l0.licenseId, validTo: soon(), daysLeft: 10 });
    // Written in the same transaction as the license itself.
    const [row] = await t.hub.database.db.select().from(alert).where(eq(alert.subjectKey, l0.licenseId));
    expect(row!.dedupeKey).toBe(`${l0.licenseId}:${soon()}`);
    first.stop();
    await eventually(() => t.hub.events.stats().subscribers === 0, 'the subscription to end');

    // Away: three more alerts (and a change that raises none: it expires far off).
    const missed = [];
    for (const c of candidates.slice(1, 4)) missed.push(await pushLicense(c.i, { validTo: soon(), status: 'VALID' }));
    await pushLicense(candidates[4]!.i, { validTo: addDays(chinaToday(new Date()), 400), status: 'VALID' });

    const again = record(client(), `subscription($after: String) { alerts(after: $after, filter: { kinds: [LICENSE_EXPIRING] }) { ${ALERT_FIELDS} } }`, { after: live.cursor });
    const replayed = await again.waitFor(3);
    expect(replayed.map((a) => a.subjectKey)).toEqual(missed.map((l) => l.licenseId));
    await t.hub.events.wake();
    await new Promise((r) => setTimeout(r, 300));
    expect(again.items).toHaveLength(3); // nothing twice, nothing else

    // …and live after the replay, across the seam.
    const l5 = await pushLicense(candidates[5]!.i, { validTo: soon(), status: 'VALID' });
    const all = await again.waitFor(4);
    expect(all[3]!.subjectKey).toBe(l5.licenseId);
    const cursors = all.map((a) => a.cursor);
    expect(new Set(cursors).size).toBe(4);
    again.stop();
  });

  it('filters by enterprise and division, and refuses a bad filter or cursor with a GraphQL error', async () => {
    const [a] = (await t.gql(`{ alerts(first: 1) { edges { node { enterpriseUscc divisionCode } } } }`)).body.data.alerts.edges.map((e: any) => e.node);
    const byEnterprise = record(client(), `subscription($u: String) { alerts(after: "${Buffer.from('c:0').toString('base64url')}", filter: { enterprise: $u }) { enterpriseUscc } }`, { u: a.enterpriseUscc });
    const got = await byEnterprise.waitFor(1);
    expect(got.every((x) => x.enterpriseUscc === a.enterpriseUscc)).toBe(true);
    byEnterprise.stop();

    const bad = record(client(), `subscription { alerts(filter: { enterprise: "91340100MA2N0XXXXX" }) { cursor } }`);
    await eventually(() => bad.errors.length > 0, 'an error for a bad USCC');
    expect(JSON.stringify(bad.errors)).toContain('INVALID_IDENTIFIER');
    const badCursor = record(client(), `subscription { alerts(after: "nonsense") { cursor } }`);
    await eventually(() => badCursor.errors.length > 0, 'an error for a bad cursor');
    expect(JSON.stringify(badCursor.errors)).toContain('BAD_USER_INPUT');
  });

  it('streams to every department at once exactly what it may read, subscribers with the same filter sharing its evaluation', async () => {
    const DISTRICT = '340104';
    // Nothing else raises alerts meanwhile: the scheduled rules' run after the first ingest round is over.
    await t.hub.alertSchedule!.runNow();
    // Licenses of enterprises inside and outside the district office's division, not used by the other tests.
    const divisions = new Map((await t.hub.database.query<{ uscc: string; division_code: string }>('select uscc, division_code from enterprise')).map((e) => [e.uscc, e.division_code]));
    const pool = enterpriseLicenses().slice(40);
    const inside = pool.filter(({ l }) => divisions.get((l as { holderId: string }).holderId)?.startsWith(DISTRICT)).slice(0, 2);
    const outside = pool.filter(({ l }) => !divisions.get((l as { holderId: string }).holderId)?.startsWith(DISTRICT)).slice(0, 3);
    expect(inside.length).toBe(2);
    // Every demo department at once: two live subscribers with no filter (one audience) and one by kind, all open together.
    const FILTERS = ['', '(filter: { kinds: [LICENSE_EXPIRING, ADMIN_PENALTY] })'];
    const subscribers = Object.entries(DEMO_KEYS).flatMap(([name, key]) => {
      const c = wsClient(t.hub.url, { connectionParams: { authorization: bearer(key) } });
      clients.push(c);
      return [FILTERS[0]!, FILTERS[0]!, FILTERS[1]!].map((f) => ({ name, key, f, rec: record(c, `subscription { alerts${f} { cursor kind } }`) }));
    });
    // Each is either registered with the bus or refused (a department that may not subscribe to alerts).
    await eventually(() => t.hub.events.stats().subscribers + subscribers.filter((s) => s.rec.errors.length > 0).length >= subscribers.length, 'every subscription to register or be refused');
    await new Promise((r) => setTimeout(r, 500));
    const before = (await t.hub.database.query<{ id: number }>('select coalesce(max(id), 0)::int as id from alert'))[0]!.id;
    const after = Buffer.from(`c:${before}`).toString('base64url');
    for (const { i } of [...inside, ...outside]) await pushLicense(i, { validTo: addDays(chinaToday(new Date()), 12), status: 'VALID' });
    const raised = (await t.hub.database.query<{ n: number }>('select count(*)::int as n from alert where id > $1', [before]))[0]!.n;
    expect(raised).toBeGreaterThanOrEqual(5);
    const admin = subscribers.find((s) => s.name === 'admin' && s.f === '')!;
    await admin.rec.waitFor(raised);
    await t.hub.events.wake();
    await new Promise((r) => setTimeout(r, 500));
    // Each live stream equals what that department reads from the log over HTTP with the same filter.
    const counts: Record<string, number> = {};
    for (const s of subscribers) {
      const page = await t.gql(`{ alerts(after: "${after}", first: 100${s.f ? `, ${s.f.slice(1, -1)}` : ''}) { edges { node { cursor kind } } } }`, {}, { authorization: bearer(s.key) });
      if (page.body.errors) {
        expect(s.rec.items, `${s.name} may not read alerts`).toEqual([]);
        continue;
      }
      const expected = page.body.data.alerts.edges.map((e: { node: unknown }) => e.node);
      expect(s.rec.items, `${s.name} ${s.f || 'no filter'}`).toEqual(expected);
      expect(s.rec.errors, `${s.name} ${s.f || 'no filter'}: nothing else, not even refused`).toEqual([]);
      if (!s.f) counts[s.name] = expected.length;
      s.rec.stop();
    }
    // Not vacuous: the district office saw its division's alerts and no others; the province saw them all.
    expect(counts.admin).toBe(raised);
    expect(counts.marketShushan).toBeGreaterThanOrEqual(2);
    expect(counts.marketShushan).toBeLessThan(raised);
  });

  it('is refused over HTTP with a stable code', async () => {
    const { body } = await t.gql(`subscription { alerts { cursor } }`);
    expect(body.errors[0].extensions.code).toMatch(/UNSUPPORTED|BAD_REQUEST|OPERATION_RESOLUTION_FAILURE/);
    expect(JSON.stringify(body)).not.toMatch(/stack|select /i);
  });
});

describe('alert log as a query', () => {
  it('pages forwards and backwards by cursor', async () => {
    const all = (await t.gql(`{ alerts(first: 100) { edges { cursor node { cursor title } } pageInfo { hasNextPage } } }`)).body.data.alerts;
    expect(all.edges.length).toBeGreaterThan(4);
    const p1 = (await t.gql(`{ alerts(first: 2) { edges { cursor } pageInfo { hasNextPage endCursor } } }`)).body.data.alerts;
    const p2 = (await t.gql(`query($a: String) { alerts(first: 2, after: $a) { edges { cursor } } }`, { a: p1.pageInfo.endCursor })).body.data.alerts;
    expect([...p1.edges, ...p2.edges].map((e: any) => e.cursor)).toEqual(all.edges.slice(0, 4).map((e: any) => e.cursor));
    const newest = (await t.gql(`{ alerts(first: 2, order: NEWEST_FIRST) { edges { cursor } pageInfo { endCursor } } }`)).body.data.alerts;
    const [maxId] = await t.hub.database.query<{ id: string }>('select max(id)::text as id from alert');
    expect(newest.edges[0].cursor).toBe(Buffer.from(`c:${maxId!.id}`).toString('base64url'));
    const older = (await t.gql(`query($a: String) { alerts(first: 1, after: $a, order: NEWEST_FIRST) { edges { cursor } } }`, { a: newest.pageInfo.endCursor })).body.data.alerts;
    expect(older.edges[0].cursor).toBe(Buffer.from(`c:${Number(maxId!.id) - 2}`).toString('base64url'));
    const tooMany = await t.gql(`{ alerts(first: 101) { edges { cursor } } }`);
    expect(tooMany.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('says exactly whether alerts it may see lie before a page: every cursor, both orders, filtered or not, city-wide or a district office', async () => {
    const idOf = (cursor: string) => Number(Buffer.from(cursor, 'base64url').toString().slice(2));
    /** Every alert this reader sees under `filter`, page by page. */
    const ids = async (headers: Record<string, string> | undefined, filter: object) => {
      const seen: number[] = [];
      for (let after: string | null = null; ;) {
        const page: any = (await t.gql(`query($f: AlertFilterInput, $a: String) { alerts(first: 100, after: $a, filter: $f) { edges { cursor } pageInfo { hasNextPage endCursor } } }`, { f: filter, a: after }, headers)).body.data.alerts;
        seen.push(...page.edges.map((e: any) => idOf(e.cursor)));
        if (!page.pageInfo.hasNextPage) return seen;
        after = page.pageInfo.endCursor;
      }
    };
    const everyId = (await t.hub.database.query<{ id: string }>('select id::text from alert order by id')).map((r) => Number(r.id));
    const kind = (await t.hub.database.query<{ kind: string }>('select kind from alert group by kind order by count(*) limit 1'))[0]!.kind;
    let checked = 0;
    for (const headers of [undefined, { authorization: `Bearer ${DEMO_KEYS.marketShushan}` }]) {
      for (const filter of [{}, { kinds: [kind] }]) {
        const visible = await ids(headers, filter);
        for (const order of ['OLDEST_FIRST', 'NEWEST_FIRST']) {
          // Cursors from the whole log, so some stand where this reader sees nothing on their far side.
          for (const id of everyId) {
            const after = Buffer.from(`c:${id}`).toString('base64url');
            const page = (await t.gql(`query($f: AlertFilterInput, $a: String, $o: AlertOrder) { alerts(first: 2, after: $a, filter: $f, order: $o) { pageInfo { hasPreviousPage } } }`,
              { f: filter, a: after, o: order }, headers)).body.data.alerts.pageInfo;
            expect(page.hasPreviousPage, `${order} after ${id}`).toBe(visible.some((v: number) => (order === 'OLDEST_FIRST' ? v <= id : v >= id)));
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(16);
    // Without a cursor, nothing lies before the first page.
    expect((await t.gql('{ alerts(first: 1) { pageInfo { hasPreviousPage } } }')).body.data.alerts.pageInfo.hasPreviousPage).toBe(false);
  });

  it('records who acknowledged, once', async () => {
    const { edges } = (await t.gql(`{ alerts(first: 1, filter: { unacknowledged: true }) { edges { node { id acknowledgement { by } } } } }`)).body.data.alerts;
    const id = edges[0].node.id;
    const ack = await t.gql(`mutation($id: ID!) { acknowledgeAlert(id: $id, note: "called the holder") { acknowledgement { by note at } } }`, { id });
    expect(ack.body.data.acknowledgeAlert.acknowledgement).toMatchObject({ by: 'key:admin-demo', note: 'called the holder' });
    const twice = await t.gql(`mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }`, { id });
    expect(twice.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ACKNOWLEDGED' });
    const open = (await t.gql(`{ alerts(first: 100, filter: { unacknowledged: true }) { edges { node { id } } } }`)).body.data.alerts.edges;
    expect(open.map((e: any) => e.node.id)).not.toContain(id);
    const missing = await t.gql(`mutation { acknowledgeAlert(id: "${Buffer.from('Alert:999999999').toString('base64url')}") { id } }`);
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('alert rules', () => {
  it('starts with the default rules, stored in the database', async () => {
    const rules = (await t.gql(`{ alertRules { kind name params enabled scheduled } }`)).body.data.alertRules;
    expect(rules.map((r: any) => [r.kind, r.name, r.params])).toEqual(DEFAULT_RULES.map((r) => [r.kind, r.name, r.params]));
    expect(rules.filter((r: any) => r.scheduled).map((r: any) => r.kind).sort()).toEqual(['LICENSE_EXPIRING', 'PARCEL_STALLED']);
  });

  it('are managed by mutations, checked, and honoured by the next ingested change', async () => {
    const bad = await t.gql(`mutation { createAlertRule(input: { kind: LICENSE_EXPIRING, name: "x", params: { daysBefore: -3, colour: "red" } }) { id } }`);
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_RULE_PARAMS' });
    expect(bad.body.errors[0].extensions.problems.join(' ')).toMatch(/daysBefore/);
    const taken = await t.gql(`mutation { createAlertRule(input: { kind: TAX_ARREARS, name: "Tax arrears" }) { id } }`);
    expect(taken.body.errors[0].extensions.code).toBe('CONFLICT');

    // A 360-day window: the far-off license of the first test would now alert.
    const res = await t.gql(`mutation { createAlertRule(input: { kind: LICENSE_EXPIRING, name: "Expires within 360 days", params: { daysBefore: 360 } }) { id params enabled } }`);
    expect(res.body.errors).toBeUndefined();
    const created = res.body.data.createAlertRule;
    expect(created.params).toEqual({ daysBefore: 360 });
    const defaults = (await t.gql(`{ alertRules { id kind } }`)).body.data.alertRules.filter((r: any) => r.kind === 'LICENSE_EXPIRING' && r.id !== created.id);
    await t.gql(`mutation($id: Int!) { updateAlertRule(id: $id, input: { enabled: false }) { enabled updatedBy } }`, { id: defaults[0].id });

    const c = enterpriseLicenses()[7]!;
    const far = await pushLicense(c.i, { validTo: addDays(chinaToday(new Date()), 300), status: 'VALID' });
    const near = await pushLicense(enterpriseLicenses()[8]!.i, { validTo: soon(), status: 'VALID' });
    const rows = await t.hub.database.db.select().from(alert).where(eq(alert.kind, 'LICENSE_EXPIRING'));
    expect(rows.filter((r) => r.subjectKey === far.licenseId).map((r) => r.ruleId)).toEqual([created.id]);
    // The disabled default raised nothing for the near one; the 360-day rule did.
    expect(rows.filter((r) => r.subjectKey === near.licenseId).map((r) => r.ruleId)).toEqual([created.id]);

    const removed = await t.gql(`mutation($id: Int!) { deleteAlertRule(id: $id) { id } }`, { id: created.id });
    expect(removed.body.data.deleteAlertRule.id).toBe(created.id);
    await t.gql(`mutation($id: Int!) { updateAlertRule(id: $id, input: { enabled: true }) { enabled } }`, { id: defaults[0].id });
    expect((await t.gql(`mutation { deleteAlertRule(id: 424242) { id } }`)).body.errors[0].extensions.code).toBe('NOT_FOUND');
    // The alerts it raised stay.
    expect((await t.hub.database.db.select().from(alert).where(eq(alert.ruleId, created.id))).length).toBe(2);
  });

  it('runs time-based rules on a schedule, once per occurrence, reading only their window', async () => {
    // The hub ran the schedule after its first ingest round; start this check from a clean slate.
    await t.hub.alertSchedule!.runNow();
    await t.hub.database.db.delete(alert).where(eq(alert.kind, 'PARCEL_STALLED'));
    await t.hub.database.db.update(alertRule).set({ scheduledThrough: null }).where(eq(alertRule.kind, 'PARCEL_STALLED'));
    const first = await t.hub.alertSchedule!.runNow();
    const stalled = await t.hub.database.db.select().from(alert).where(eq(alert.kind, 'PARCEL_STALLED'));
    expect(stalled.length, 'the demo world has parcels stuck in a stage for over a year').toBeGreaterThan(0);
    expect(first.alerts).toBe(stalled.length);
    expect(stalled[0]!.divisionCode).toBe(stalled[0]!.parcelCode!.slice(0, 6));
    expect(new Set(stalled.map((a) => a.parcelCode)).size).toBe(stalled.length); // one per parcel: its latest event
    const second = await t.hub.alertSchedule!.runNow();
    expect(second.alerts).toBe(0);
    const [rule] = await t.hub.database.db.select().from(alertRule).where(eq(alertRule.kind, 'PARCEL_STALLED'));
    expect(rule!.scheduledThrough).toBe(chinaToday(new Date()));
  });

  it('raises an expiry alert for every license in the window, however many pages of the scan it spans', async () => {
    await t.hub.alertSchedule!.runNow();
    // 2,600 valid licenses expiring over five days (hundreds on each day, so pages end inside a day), and
    // 300 that do not qualify: due after the window, already past, or revoked.
    const today = chinaToday(new Date());
    const insert = (from: number, to: number, validTo: string, status: string) => t.hub.database.exec(`
      insert into license (license_id, type_code, type_name, holder_name, holder_id_type, issuer, valid_to, status, source_updated_at, source_id, source_key, fetched_at, content_hash)
      select 'PAGED-' || lpad(i::text, 5, '0'), 'T', '排污许可证', '企业', 'USCC', '局', ${validTo}, '${status}', now(), 'page-test', 'p' || i, now(), 'h'
      from generate_series(${from}, ${to}) i`);
    await insert(1, 2600, `date '${today}' + (i * 7 % 5)`, 'VALID');
    await insert(2601, 2700, `date '${today}' + 45`, 'VALID');
    await insert(2701, 2800, `date '${today}' - 1`, 'VALID');
    await insert(2801, 2900, `date '${today}' + 3`, 'REVOKED');
    const raised = async () => (await t.hub.database.query<{ key: string }>(`select subject_key as key from alert where kind = 'LICENSE_EXPIRING' and subject_key like 'PAGED-%'`)).map((r) => r.key);
    try {
      const first = await t.hub.alertSchedule!.runNow();
      const keys = await raised();
      expect(keys.length).toBe(2600);
      expect(new Set(keys).size).toBe(2600);
      expect(keys.every((k) => Number(k.slice(6)) <= 2600)).toBe(true);
      expect(first.alerts).toBe(2600);
      expect((await t.hub.alertSchedule!.runNow()).alerts).toBe(0);
    } finally {
      await t.hub.database.exec(`delete from license where source_id = 'page-test'`);
    }
  });

  it('leaves the schedule to other hubs when alerts.scheduled is false', async () => {
    const reader = await startTestHub({ config: { alerts: { scheduled: false } } });
    try {
      expect(reader.hub.scheduler, 'ingest still runs').not.toBeNull();
      expect(reader.hub.alertSchedule).toBeNull();
      await reader.hub.scheduler!.firstRound;
      const rules = await reader.hub.database.db.select().from(alertRule);
      expect(rules.length).toBeGreaterThan(0);
      expect(rules.map((r) => r.scheduledThrough)).toEqual(rules.map(() => null));
    } finally {
      await reader.stop();
    }
  });
});

describe('entity change stream', () => {
  it('streams changes to one enterprise and the records linked to it, with their source', async () => {
    const c = enterpriseLicenses()[10]!;
    const uscc = (c.l as { holderId: string }).holderId;
    const watch = record(client(), `subscription($k: String!) { entityChanged(type: ENTERPRISE, key: $k) { cursor entityType entityKey op fields sourceId enterprise { uscc } } }`, { k: uscc });
    await eventually(() => t.hub.events.stats().subscribers > 0, 'the watch to register');
    const l = await pushLicense(c.i, { status: 'REVOKED' });
    const [change] = await watch.waitFor(1);
    expect(change).toMatchObject({ entityType: 'License', entityKey: l.licenseId, op: 'UPDATED', sourceId: 'e-license', enterprise: { uscc } });
    expect(change.fields).toContain('status');
    expect(change.fields).not.toContain('fetchedAt');
    watch.stop();
    // Replayed from the log after a cursor, too.
    const replay = record(client(), `subscription($k: String!, $a: String) { entityChanged(type: ENTERPRISE, key: $k, after: $a) { entityType op } }`, { k: uscc, a: Buffer.from('c:0').toString('base64url') });
    const history = await replay.waitFor(2);
    expect(history[0]).toMatchObject({ entityType: 'Enterprise', op: 'CREATED' });
    replay.stop();
    const rows = await t.hub.database.db.select().from(entityChange).where(eq(entityChange.enterpriseUscc, uscc));
    expect(rows.some((r) => r.entityType === 'License' && r.op === 'UPDATED')).toBe(true);
  });
});
