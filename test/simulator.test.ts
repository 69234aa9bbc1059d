/**
 * The simulator serves each source exactly as ../shared/sources/README.md describes it,
 * quirks included: encodings, headers, paging rules, credentials, throttling.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateUscc } from '../src/domain/identifiers/index.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { MARKET_HEADER } from '../src/simulator/market-registry.outlet.js';
import { CREDIT_HEADERS } from '../src/simulator/credit.outlet.js';

let sim: Simulator;
let db: Database;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'govgraph-sim-'));
  db = await openDatabase({});
  sim = await startSimulator({ enterprises: 400, dir, taxDb: db });
});
afterAll(async () => {
  await sim?.stop();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('market-registry bulk file', () => {
  it('is GB18030 with CRLF, the Chinese header, legacy rows, about 1% bad checksums and duplicates', () => {
    const bytes = readFileSync(sim.marketFile);
    expect(bytes.toString('utf8')).not.toContain('统一社会信用代码'); // not UTF-8
    const text = iconv.decode(bytes, 'gb18030');
    expect(text.split('\r\n')[0]).toBe(MARKET_HEADER.join(','));
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n(?=\d)/);
    const rows: string[][] = parse(text, { from_line: 2 });
    const legacyOnly = rows.filter((r) => r[0] === '' && /^\d{15}$/.test(r[1]!));
    const both = rows.filter((r) => r[0] !== '' && /^\d{15}$/.test(r[1]!));
    expect(legacyOnly.length).toBeGreaterThan(5);
    expect(both.length).toBeGreaterThan(3);
    const bad = rows.filter((r) => r[0] && !validateUscc(r[0]).ok).length;
    expect(bad / rows.length).toBeGreaterThan(0.002);
    expect(bad / rows.length).toBeLessThan(0.03);
    const dates = rows.map((r) => r[8]!);
    expect(dates.some((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
    expect(dates.some((d) => /^\d{4}\/\d{1,2}\/\d{1,2}$/.test(d))).toBe(true);
    expect(dates.some((d) => /^\d{8}$/.test(d))).toBe(true);
    expect(rows.some((r) => r[7]!.endsWith('万元'))).toBe(true);
    expect(new Set(rows.map((r) => r.join(','))).size).toBeLessThan(rows.length);
  });
});

describe('market-registry change feed', () => {
  const feed = (path: string, key = sim.env.GOVGRAPH_SIM_MARKET_API_KEY!) => fetch(`${sim.marketFeed.url}${path}`, { headers: { 'x-api-key': key } });

  it('refuses a wrong X-Api-Key and pages by growing sequence numbers, throttling with 429 + Retry-After and 503', async () => {
    expect((await feed('/api/v1/enterprise-changes?since=0&limit=10', 'nope')).status).toBe(401);
    const statuses: number[] = [];
    let since = 0;
    let seqs: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await feed(`/api/v1/enterprise-changes?since=${since}&limit=50`);
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBe('1');
      if (res.status !== 200) continue;
      const body = (await res.json()) as { items: { seq: number; event: string }[]; nextSince: number; hasMore: boolean };
      seqs = seqs.concat(body.items.map((x) => x.seq));
      since = body.nextSince;
    }
    expect(statuses).toContain(429);
    expect(statuses).toContain(503);
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    expect((await feed('/api/v1/enterprise-changes?limit=1001')).status).toBeOneOf([400, 429, 503]);
  });
});

describe('realestate XML drop', () => {
  it('writes DJ_YYYYMMDD_NNNN.xml batches in the exchange namespace with pinyin elements', () => {
    const names = readdirSync(sim.env.GOVGRAPH_SIM_REALESTATE_DIR!);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toMatch(/^DJ_\d{8}_\d{4}\.xml$/);
    const seen = { Registration: 0, QLR: 0, DYQR: 0, ZXDJ: 0, ns: '' };
    const parser = new SaxesParser({ xmlns: true });
    parser.on('opentag', (t) => {
      if (t.local === 'DJBatch') seen.ns = t.uri;
      if (t.local in seen) (seen as unknown as Record<string, number>)[t.local]!++;
    });
    parser.on('doctype', () => {
      throw new Error('no DOCTYPE expected');
    });
    parser.write(readFileSync(join(sim.env.GOVGRAPH_SIM_REALESTATE_DIR!, names[0]!), 'utf8')).close();
    expect(seen.ns).toBe('urn:bdcdj:exchange:1.0');
    expect(seen.Registration).toBeGreaterThan(10);
    expect(seen.QLR).toBeGreaterThanOrEqual(seen.Registration);
    expect(seen.DYQR).toBeGreaterThan(0);
  });
});

describe('e-license pull', () => {
  it('pages by cursor with limit ≤ 200 and filters by updatedSince', async () => {
    const base = `${sim.elicense.url}/elicense/api/licenses`;
    expect((await fetch(`${base}?limit=201`)).status).toBe(400);
    let cursor: string | null = null;
    let total = 0;
    do {
      const res = await fetch(`${base}?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      const body = (await res.json()) as { items: { licenseId: string; updatedAt: string }[]; nextCursor: string | null };
      total += body.items.length;
      cursor = body.nextCursor;
    } while (cursor);
    expect(total).toBeGreaterThan(400);
    const recent = (await (await fetch(`${base}?limit=200&updatedSince=2026-10-01T00:00:00Z`)).json()) as { items: { updatedAt: string }[] };
    for (const l of recent.items) expect(Date.parse(l.updatedAt)).toBeGreaterThan(Date.parse('2026-10-01T00:00:00Z'));
  });
});

describe('credit daily lists', () => {
  it('writes the four lists as UTF-8 with BOM and Chinese headers', () => {
    const files = { 'xzxk.csv': CREDIT_HEADERS.doublePublicity, 'xzcf.csv': CREDIT_HEADERS.doublePublicity, 'sxbzxr.csv': CREDIT_HEADERS.defaulters, 'loans.csv': CREDIT_HEADERS.loans };
    for (const [name, header] of Object.entries(files)) {
      const bytes = readFileSync(join(sim.creditDay, name));
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString('utf8').slice(1).split('\r\n')[0]).toBe(header.join(','));
    }
  });
});

describe('tax views', () => {
  it('exposes the four views in tax_exchange, with many rows sharing one updated_at', async () => {
    const views = await db.query<{ table_name: string }>(`select table_name from information_schema.views where table_schema = 'tax_exchange' order by 1`);
    expect(views.map((v) => v.table_name)).toEqual(['arrears', 'credit_rating', 'payments', 'taxpayer']);
    const shared = await db.query<{ n: number }>(`select count(*)::int as n from (select updated_at from tax_exchange.payments group by 1 having count(*) > 1) x`);
    expect(shared[0]!.n).toBeGreaterThan(0);
  });
});
