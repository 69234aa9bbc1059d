/**
 * CSV and XLSX exports of the analyst connections over real HTTP: the file holds exactly
 * the list the connection pages through (every page), under the caller's policy (masked
 * stays masked; a refused filter refuses the export), formula-looking CSV cells escaped,
 * UTF-8 with a BOM or GB18030, typed workbook cells, and every page in the read audit.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSettledHub, type TestHub } from './support/hub.js';
import { bearer, DEMO_KEYS } from './support/keys.js';

let t: TestHub;

beforeAll(async () => {
  t = await startSettledHub({ enterprises: 150 });
  // A hostile source may really name an enterprise like a formula: it is data, escaped on export.
  await t.hub.database.exec(`update enterprise set name = '=HYPERLINK("http://x","点我")' where id = (select min(id) from enterprise)`);
}, 180_000);
afterAll(async () => t?.stop());

async function exportCsv(path: string, key: string = DEMO_KEYS.analyst) {
  const res = await fetch(new URL(path, t.hub.url), { headers: { authorization: bearer(key) } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** RFC 4180 rows of a CSV text. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
}

async function allPages(filter: object | undefined, key: string, select = 'uscc name') {
  const nodes: Record<string, unknown>[] = [];
  let after: string | null = null;
  do {
    const res: { body: any } = await t.gql(`query($f: EnterpriseFilter, $a: String) { enterprises(first: 100, after: $a, filter: $f) { pageInfo { hasNextPage endCursor } edges { node { ${select} } } } }`,
      { f: filter, a: after }, { authorization: bearer(key) });
    expect(res.body.errors).toBeUndefined();
    nodes.push(...res.body.data.enterprises.edges.map((e: any) => e.node));
    after = res.body.data.enterprises.pageInfo.hasNextPage ? res.body.data.enterprises.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

describe('CSV export', () => {
  it('holds exactly the connection’s list, across pages, UTF-8 with a BOM, formulas escaped', async () => {
    const { status, type, bytes } = await exportCsv('/exports/enterprises.csv');
    expect(status).toBe(200);
    expect(type).toBe('text/csv; charset=utf-8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parse(bytes.subarray(3).toString('utf8'));
    const col = (name: string) => header!.indexOf(name);
    expect(col('uscc')).toBeGreaterThanOrEqual(0);
    const want = await allPages(undefined, DEMO_KEYS.analyst);
    expect(want.length).toBeGreaterThan(100);
    expect(rows.map((r) => r[col('uscc')] || null)).toEqual(want.map((n) => n.uscc));
    expect(rows.map((r) => r[col('name')])).toEqual(want.map((n) => (/^[=+\-@\t\r]/.test(String(n.name)) ? `'${n.name}` : n.name)));
    expect(rows.some((r) => r[col('name')]!.startsWith(`'=HYPERLINK`))).toBe(true);
  });

  it('filters and orders as the connection does, in GB18030 when asked', async () => {
    const filter = { divisionCode: { within: '340100' }, status: { eq: 'SUBSISTING' } };
    const q = `filter=${encodeURIComponent(JSON.stringify(filter))}&orderBy=${encodeURIComponent(JSON.stringify([{ field: 'REGISTERED_CAPITAL', direction: 'DESC' }]))}&encoding=gb18030`;
    const { status, type, bytes } = await exportCsv(`/exports/enterprises.csv?${q}`);
    expect(status).toBe(200);
    expect(type).toBe('text/csv; charset=gb18030');
    const [header, ...rows] = parse(iconv.decode(bytes, 'gb18030'));
    const res = await t.gql('query($f: EnterpriseFilter) { enterprises(first: 100, filter: $f, orderBy: [{ field: REGISTERED_CAPITAL, direction: DESC }]) { edges { node { uscc name } } } }',
      { f: filter }, { authorization: bearer(DEMO_KEYS.analyst) });
    expect(rows.map((r) => r[header!.indexOf('uscc')] || null)).toEqual(res.body.data.enterprises.edges.map((e: any) => e.node.uscc));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('keeps masked fields masked and leaves out fields the department may not see', async () => {
    // The land bureau sees person names masked and may not see person IDs.
    const { status, bytes } = await exportCsv('/exports/enterprises.csv', DEMO_KEYS.land);
    expect(status).toBe(200);
    const [header, ...rows] = parse(bytes.subarray(3).toString('utf8'));
    expect(header).not.toContain('legalRepIdType');
    const want = await allPages(undefined, DEMO_KEYS.land, 'uscc legalRepName');
    expect(rows.map((r) => r[header!.indexOf('legalRepName')] || null)).toEqual(want.map((n) => n.legalRepName));
    expect(want.some((n) => String(n.legalRepName).includes('*'))).toBe(true);
  });

  it('refuses what the connection refuses, with a stable code and no rows', async () => {
    const masked = await exportCsv(`/exports/enterprises.csv?filter=${encodeURIComponent(JSON.stringify({ legalRepName: { eq: '张三' } }))}`, DEMO_KEYS.land);
    expect(masked.status).toBe(403);
    expect(JSON.parse(masked.bytes.toString()).errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'FIELD_DENIED' });
    const badJson = await exportCsv('/exports/enterprises.csv?filter=%7Bnope');
    expect(badJson.status).toBe(400);
    const badFilter = await exportCsv(`/exports/enterprises.csv?filter=${encodeURIComponent(JSON.stringify({ divisionCode: { within: '999999' } }))}`);
    expect(JSON.parse(badFilter.bytes.toString()).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.divisionCode.within' });
    expect((await exportCsv('/exports/nosuch.csv')).status).toBe(404);
    expect((await exportCsv('/exports/loans.csv', DEMO_KEYS.market)).status).toBe(403);
    const anonymous = await fetch(new URL('/exports/enterprises.csv', t.hub.url));
    expect(anonymous.status).toBe(401);
    const badKey = await fetch(new URL('/exports/enterprises.csv', t.hub.url), { headers: { authorization: 'Bearer gg_nope.nope' } });
    expect(badKey.status).toBe(401);
  });

  it('audits every page under the caller', async () => {
    await exportCsv('/exports/licenses.csv');
    const rows = await t.hub.database.query<{ operation_name: string; entity_count: number }>(
      `select operation_name, entity_count from read_audit where principal_id = 'key:analyst-demo' and operation_name = 'ExportLicenses' order by seq`,
    );
    const n = (await t.hub.database.query<{ n: number }>('select count(*)::int as n from license'))[0]!.n;
    expect(rows.length).toBe(Math.max(1, Math.ceil(n / 100)));
    expect(rows.reduce((a, r) => a + r.entity_count, 0)).toBe(n);
  });
});

describe('XLSX export', () => {
  /** The first worksheet's rows as cell values, and each cell's type. */
  async function workbook(bytes: Buffer) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const rows: { values: unknown[]; types: ExcelJS.ValueType[] }[] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values: unknown[] = [];
      const types: ExcelJS.ValueType[] = [];
      for (let c = 1; c <= sheet.columnCount; c++) {
        values.push(row.getCell(c).value ?? null);
        types.push(row.getCell(c).type);
      }
      rows.push({ values, types });
    });
    return rows;
  }

  it('holds exactly the connection’s list, every value in its own typed cell, text never a formula', async () => {
    const { status, type, bytes } = await exportCsv('/exports/enterprises.xlsx');
    expect(status).toBe(200);
    expect(type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const [header, ...rows] = await workbook(bytes);
    const col = (name: string) => header!.values.indexOf(name);
    const want = await allPages(undefined, DEMO_KEYS.analyst, 'uscc name registeredCapital');
    expect(want.length).toBeGreaterThan(100);
    expect(rows.map((r) => r.values[col('uscc')])).toEqual(want.map((n) => n.uscc));
    // The formula-looking name is text, exactly as stored: a workbook cell is typed, so nothing is escaped.
    expect(rows.map((r) => r.values[col('name')])).toEqual(want.map((n) => n.name));
    const hostile = rows.find((r) => String(r.values[col('name')]).startsWith('=HYPERLINK'))!;
    expect(hostile.types[col('name')]).toBe(ExcelJS.ValueType.String);
    expect(rows.flatMap((r) => r.types).includes(ExcelJS.ValueType.Formula)).toBe(false);
    expect(rows.map((r) => r.values[col('registeredCapital')])).toEqual(want.map((n) => n.registeredCapital));
  });

  it('keeps masked fields masked, and refuses an encoding (a workbook is always Unicode)', async () => {
    const { status, bytes } = await exportCsv('/exports/enterprises.xlsx', DEMO_KEYS.land);
    expect(status).toBe(200);
    const [header, ...rows] = await workbook(bytes);
    expect(header!.values).not.toContain('legalRepIdType');
    const want = await allPages(undefined, DEMO_KEYS.land, 'uscc legalRepName');
    expect(rows.map((r) => r.values[header!.values.indexOf('legalRepName')])).toEqual(want.map((n) => n.legalRepName));
    const encoded = await exportCsv('/exports/enterprises.xlsx?encoding=gb18030');
    expect(encoded.status).toBe(400);
    expect(JSON.parse(encoded.bytes.toString()).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'encoding' });
    expect((await exportCsv('/exports/loans.xlsx', DEMO_KEYS.market)).status).toBe(403);
  });
});

