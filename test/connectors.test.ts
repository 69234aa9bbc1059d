/**
 * The connectors against the simulator's real protocols: credentials refused, dead page
 * tokens restarting their walk, CSV headers matched by column name, ragged CSV rows
 * quarantined by reason, XML values in CDATA read as text, tax rows committed late still
 * picked up.
 */
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quarantine, syncState, taxArrears } from '../schema/index.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { PersonKeyring } from '../src/ingest/person-keyring.js';
import { syncSource, type IngestDeps } from '../src/ingest/pipeline.js';
import { registrations } from '../connectors/realestate/parse.js';
import { startElicenseOutlet } from '../src/simulator/elicense.outlet.js';
import { startLandOutlet, type LandOutlet } from '../src/simulator/land.outlet.js';
import { writeRealestateDrop } from '../src/simulator/realestate.outlet.js';
import { MARKET_HEADER } from '../src/simulator/market-registry.outlet.js';
import { lateCommit, loadTaxExchange } from '../src/simulator/tax.outlet.js';
import { World } from '../src/simulator/world.js';
import { csvLine } from '../src/simulator/csv.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { eq } from 'drizzle-orm';

let tdb: TestDatabase;
let database: Database;
let deps: IngestDeps;
let dir: string;
const world = new World({ enterprises: 40 });

beforeAll(async () => {
  tdb = await createTestDatabase();
  database = await openDatabase({ url: tdb.url });
  await database.migrate();
  deps = { database, keyring: PersonKeyring.ephemeral(), log: pino({ level: 'silent' }), databaseUrl: tdb.url };
  dir = mkdtempSync(join(tmpdir(), 'govgraph-conn-'));
});
afterAll(async () => {
  await database?.close();
  await tdb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('market-registry', () => {
  it('quarantines a ragged row and a bad date by reason, lands the rest, and resumes after the file', async () => {
    const e = world.enterprise(1);
    const good = [e.uscc, '', e.name, e.entityType, e.legalRep.name, '身份证', e.legalRep.idNumber, '100万元', '2019/3/4', '存续', '安徽省合肥市,某路1号', e.division, 'C3130', e.authority, '20190304', ''];
    const badDate = [...good];
    badDate[0] = world.enterprise(2).uscc;
    badDate[8] = '2019-02-30';
    const text = csvLine(MARKET_HEADER) + csvLine(good) + csvLine(good.slice(0, 10)) + csvLine(badDate);
    const folder = join(dir, 'market');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'enterprises-20261101.csv'), iconv.encode(text, 'gb18030'));
    const run = await syncSource(deps, { id: 'mr', connector: 'market-registry', options: { dir: folder } });
    expect(run.status).toBe('succeeded');
    expect(run.counts).toMatchObject({ read: 3, inserted: 1, quarantined: 2 });
    const q = await database.db.select().from(quarantine).where(eq(quarantine.sourceId, 'mr'));
    expect(q.map((r) => r.reasonCode).sort()).toEqual(['BAD_DATE', 'CSV_RAGGED_ROW']);
    expect(q.find((r) => r.reasonCode === 'CSV_RAGGED_ROW')!.raw).toContain(e.name);
    const again = await syncSource(deps, { id: 'mr', connector: 'market-registry', options: { dir: folder } });
    expect(again.counts.read).toBe(0);
  });

  it('matches the header by column name: any order, fullwidth brackets, spaces, an extra column — or refuses the file naming what is missing; a file named .CSV is a bulk file', async () => {
    const e = world.enterprise(3);
    const good = [e.uscc, '', e.name, e.entityType, e.legalRep.name, '身份证', e.legalRep.idNumber, '250万元', '2018-05-06', '存续', '安徽省合肥市,某路2号', e.division, 'C3130', e.authority, '20180506', ''];
    // Columns reversed, 注册资本（万元） in fullwidth brackets, a space in one name, and a 备注 column the format does not have.
    const order = MARKET_HEADER.map((_, i) => MARKET_HEADER.length - 1 - i);
    const header = [...order.map((i) => MARKET_HEADER[i]!.replace('(万元)', '（万元）').replace('企业名称', ' 企业 名称 ')), '备注'];
    const row = [...order.map((i) => good[i]!), '年报已公示'];
    const ragged = row.slice(0, 16); // as many fields as the format has columns, one fewer than this file's header
    const folder = join(dir, 'market-reordered');
    mkdirSync(folder, { recursive: true });
    // Named by a Windows exporter: .CSV — the same bulk file, as of its day.
    writeFileSync(join(folder, 'enterprises-20261102.CSV'), iconv.encode(csvLine(header) + csvLine(row) + csvLine(ragged), 'gb18030'));
    const run = await syncSource(deps, { id: 'mr-reordered', connector: 'market-registry', options: { dir: folder } });
    expect(run.status, run.error).toBe('succeeded');
    expect(run.counts).toMatchObject({ read: 2, inserted: 1, quarantined: 1 });
    const [stored] = await database.query<{ name: string; capital: string; established: string; division: string }>(
      `select name, registered_capital::float8::text as capital, established_on::text as established, division_code as division, to_char(source_updated_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as "asOf" from enterprise where uscc = $1`, [e.uscc]);
    expect(stored).toEqual({ name: e.name, capital: '250', established: '2018-05-06', division: e.division, asOf: '2026-11-02 00:00' });
    const q = await database.db.select().from(quarantine).where(eq(quarantine.sourceId, 'mr-reordered'));
    expect(q.map((r) => [r.reasonCode, r.reason])).toEqual([['CSV_RAGGED_ROW', expect.stringContaining('has 16 fields, expected 17')]]);

    // A file without 登记状态 is refused whole, and says so.
    const lacking = join(dir, 'market-lacking');
    mkdirSync(lacking, { recursive: true });
    const without = (r: readonly string[]) => r.filter((_, i) => i !== 9);
    writeFileSync(join(lacking, 'enterprises-20261103.csv'), iconv.encode(csvLine(without(MARKET_HEADER)) + csvLine(without(good)), 'gb18030'));
    const refused = await syncSource(deps, { id: 'mr-lacking', connector: 'market-registry', options: { dir: lacking } });
    const reasons = await database.db.select().from(quarantine).where(eq(quarantine.sourceId, 'mr-lacking'));
    expect(refused.counts.inserted).toBe(0);
    expect(reasons.map((r) => [r.reasonCode, r.reason])).toEqual([['CSV_BAD_HEADER', expect.stringContaining('lacks 登记状态')]]);
  });
});

describe('market-registry change feed', () => {
  it('retries 429 (honouring Retry-After) and 503 with backoff, and reads every change exactly once', async () => {
    const { startMarketFeedOutlet } = await import('../src/simulator/market-feed.outlet.js');
    const feed = await startMarketFeedOutlet(world, { apiKey: 'k', throttleEvery: 3, failEvery: 4 });
    process.env.TEST_FEED_KEY = 'k';
    try {
      const started = Date.now();
      const run = await syncSource(deps, { id: 'feed', connector: 'market-registry', options: { feed: { baseUrl: feed.url, apiKeyEnv: 'TEST_FEED_KEY', limit: 10 } } });
      expect(run.status, run.error).toBe('succeeded');
      expect(run.counts.read).toBe(feed.items.length);
      expect(Date.now() - started).toBeGreaterThan(1000); // at least one Retry-After: 1 was honoured
      const events = await database.query<{ n: string }>(`select count(*)::text as n from enterprise_event where source_id = 'feed'`);
      expect(Number(events[0]!.n)).toBe(feed.items.length);
      const again = await syncSource(deps, { id: 'feed', connector: 'market-registry', options: { feed: { baseUrl: feed.url, apiKeyEnv: 'TEST_FEED_KEY', limit: 10 } } });
      expect(again.counts.read).toBe(0);
    } finally {
      await feed.close();
    }
  });
});

describe('land', () => {
  let outlet: LandOutlet;
  beforeAll(async () => {
    outlet = await startLandOutlet(world, 'secret-token');
    process.env.TEST_LAND_TOKEN = 'secret-token';
    process.env.TEST_LAND_BAD_TOKEN = 'wrong';
  });
  afterAll(() => outlet.close());

  it('fails the run with CONNECTOR_AUTH on a wrong token, keeping no cursor', async () => {
    const run = await syncSource(deps, { id: 'land-bad', connector: 'land', options: { baseUrl: outlet.url, tokenEnv: 'TEST_LAND_BAD_TOKEN' } });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^CONNECTOR_AUTH/);
  });

  it('pages parcels and events, then picks up parcels the feed withheld', async () => {
    // Each page its own batch here (no joining), so the run's batches count its pages.
    const first = await syncSource({ ...deps, joinPages: false }, { id: 'land', connector: 'land', options: { baseUrl: outlet.url, tokenEnv: 'TEST_LAND_TOKEN', pageSize: 7, eventLimit: 25 } });
    expect(first.status).toBe('succeeded');
    expect(first.counts.batches).toBeGreaterThan(4);
    outlet.release();
    const second = await syncSource(deps, { id: 'land', connector: 'land', options: { baseUrl: outlet.url, tokenEnv: 'TEST_LAND_TOKEN', pageSize: 7, eventLimit: 25 } });
    expect(second.status).toBe('succeeded');
    const parcels = [...world.enterprises()].flatMap((e) => world.parcels(e));
    const rows = await database.query<{ n: string }>('select count(*)::text as n from land_parcel');
    expect(Number(rows[0]!.n)).toBe(parcels.length);
  });
});

describe('a paged walk resumed from a token the source no longer knows', () => {
  /** A run killed mid-walk left this cursor; the source has since forgotten its token (it answers 400). */
  const stale = async (sourceId: string, cursor: object) =>
    database.db.insert(syncState).values({ sourceId, cursor, updatedAt: new Date() }).onConflictDoUpdate({ target: syncState.sourceId, set: { cursor } });

  it('land: starts the parcel walk again from updatedAfter and reads what a fresh run reads', async () => {
    const outlet = await startLandOutlet(world, 'secret-token');
    process.env.TEST_LAND_TOKEN = 'secret-token';
    try {
      outlet.release();
      const options = { baseUrl: outlet.url, tokenEnv: 'TEST_LAND_TOKEN', pageSize: 7 };
      await stale('land-stale', { parcels: { updatedAfter: null, pageToken: 'expired-token', maxSeen: null }, afterEventId: 0 });
      const run = await syncSource(deps, { id: 'land-stale', connector: 'land', options });
      expect(run.status, run.error).toBe('succeeded');
      const fresh = await syncSource(deps, { id: 'land-fresh', connector: 'land', options });
      expect(run.counts.read).toBe(fresh.counts.read);
      expect(run.counts.read).toBeGreaterThan([...world.enterprises()].flatMap((e) => world.parcels(e)).length);
    } finally {
      await outlet.close();
    }
  });

  it('e-license: starts the walk again from updatedSince and reads every license', async () => {
    const outlet = await startElicenseOutlet(world);
    try {
      await stale('lic-stale', { updatedSince: null, cursor: 'expired-cursor', maxSeen: null });
      const run = await syncSource(deps, { id: 'lic-stale', connector: 'e-license', options: { baseUrl: outlet.url, limit: 7 } });
      expect(run.status, run.error).toBe('succeeded');
      expect(run.counts.read).toBe(outlet.items.length);
    } finally {
      await outlet.close();
    }
  });
});

describe('realestate', () => {
  it('reads values given in CDATA sections as the same text (an exporter may wrap every value in one)', async () => {
    const plain = await writeRealestateDrop(world, join(dir, 're-plain'), '20261101');
    const folder = join(dir, 're-cdata');
    mkdirSync(folder, { recursive: true });
    const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
    for (const file of plain) {
      // Every leaf element's text as one CDATA section, its entities written out.
      const wrapped = readFileSync(file, 'utf8').replace(/<(\w+)>([^<]*)<\/\1>/g, (_, tag: string, text: string) => `<${tag}><![CDATA[${text.replace(/&\w+;/g, (x) => entities[x] ?? x)}]]></${tag}>`);
      expect(wrapped).toContain('<![CDATA[');
      writeFileSync(join(folder, file.slice(file.lastIndexOf('/') + 1)), wrapped);
    }
    const parsed = async (path: string) => {
      const out = [];
      for await (const r of registrations(createReadStream(path), 100_000)) out.push(r);
      return out;
    };
    const expected = (await Promise.all(plain.map(parsed))).flat();
    const got = (await Promise.all(plain.map((f) => parsed(join(folder, f.slice(f.lastIndexOf('/') + 1)))))).flat();
    expect(expected.length).toBeGreaterThan(10);
    expect(got).toEqual(expected);
    const run = await syncSource(deps, { id: 're-cdata', connector: 'realestate', options: { dir: folder } });
    expect(run.status, run.error).toBe('succeeded');
    expect(run.counts).toMatchObject({ read: expected.length, quarantined: 0 });
    const stored = await database.query<{ ywh: string; unit: string; holders: string }>(
      `select r.ywh, r.unit_code as unit, (select string_agg(h.name, '|' order by h.name) from registration_holder h where h.ywh = r.ywh) as holders from registration r`);
    const want = expected.map((r) => ({ ywh: r.ywh, unit: r.fields.BDCDYH, holders: r.holders.map((h) => h.QLRMC).sort().join('|') || null }));
    const byYwh = (a: { ywh: string | null }, b: { ywh: string | null }) => String(a.ywh).localeCompare(String(b.ywh));
    expect(stored.sort(byYwh)).toEqual(want.sort(byYwh));
  });
});

describe('realestate file names', () => {
  it('reads a batch file named .XML, and reports an .xml file not named as a batch once without reading it', async () => {
    const [first] = await writeRealestateDrop(world, join(dir, 're-source'), '20261105');
    const folder = join(dir, 're-names');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'DJ_20261105_0001.XML'), readFileSync(first!));
    writeFileSync(join(folder, 'DJ_20261105_2.xml'), readFileSync(first!).toString().replace('20261105-0001', '20261105-0002'));
    writeFileSync(join(folder, 'readme.txt'), 'not a batch');
    const expected = (readFileSync(first!, 'utf8').match(/<Registration /g) ?? []).length;
    const run = await syncSource(deps, { id: 're-names', connector: 'realestate', options: { dir: folder } });
    expect(run.status, run.error).toBe('succeeded');
    expect(run.counts).toMatchObject({ read: expected + 1, quarantined: 1 });
    const q = await database.db.select().from(quarantine).where(eq(quarantine.sourceId, 're-names'));
    expect(q.map((r) => [r.reasonCode, r.sourceKey])).toEqual([['FILE_NAME_UNEXPECTED', 'file:DJ_20261105_2.xml']]);
    const again = await syncSource(deps, { id: 're-names', connector: 'realestate', options: { dir: folder } });
    expect(again.counts).toMatchObject({ read: 0, quarantined: 0 });
  });
});

describe('tax', () => {
  it('reads by (updated_at, key) and still picks up rows a late commit stamped behind the cursor', async () => {
    await loadTaxExchange(world, database);
    const e = world.enterprise(3);
    await lateCommit(database, [{ id: 990_000, nsrsbh: e.uscc, zsxm: '印花税', qsje: 10 }], '2026-10-30T08:00:00Z');
    const options = { dsn: 'embedded', pageSize: 50 };
    const first = await syncSource(deps, { id: 'tax', connector: 'tax', options });
    expect(first.status, first.error).toBe('succeeded');
    // A control source that trusts updated_at alone (no late-commit window).
    const naive = await syncSource(deps, { id: 'tax-naive', connector: 'tax', options: { ...options, lateCommitSeconds: 0 } });
    expect(naive.status).toBe('succeeded');
    const cursorTs = (first.cursor as Record<string, { ts: string }>).arrears!.ts;
    const behind = new Date(Date.parse(cursorTs) - 30_000).toISOString();
    await lateCommit(database, [{ id: 990_001, nsrsbh: e.uscc, zsxm: '增值税', qsje: 1234.5 }], behind);

    const naiveAgain = await syncSource(deps, { id: 'tax-naive', connector: 'tax', options: { ...options, lateCommitSeconds: 0 } });
    expect(naiveAgain.counts.read).toBe(naiveAgain.counts.unchanged); // it never sees the late row
    expect(await database.db.select().from(taxArrears).where(eq(taxArrears.id, 990_001))).toHaveLength(0);

    const second = await syncSource(deps, { id: 'tax', connector: 'tax', options });
    expect(second.status).toBe('succeeded');
    expect(second.counts.inserted).toBe(1);
    const rows = await database.db.select().from(taxArrears).where(eq(taxArrears.id, 990_001));
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.amount)).toBe(1234.5);
  });
});
