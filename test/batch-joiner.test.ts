/**
 * Pages joined while the batch before commits (ingest/batch-joiner): nothing is joined
 * while the database is free; while it is busy, consecutive pages become one batch in
 * order, with the last page's cursor and every page's file receipts, up to the bound (a
 * page that would pass it starts the next batch); a full-list page stands alone; a source
 * failing mid-join has the pages it gave yielded before the failure. Then a paged source through
 * the whole pipeline, against the database: every record stored once, the last cursor
 * kept, in fewer transactions than pages, and no more records in one than the connector's
 * own batch size.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { FileReceipt, PullBatch, PullItem } from '../connectors/contract.js';
import type { RecordInput } from '../src/domain/records.js';
import { readyBatches, type ReadyBatch } from '../src/ingest/batch-joiner.js';
import { PersonKeyring } from '../src/ingest/person-keyring.js';
import { syncSource } from '../src/ingest/pipeline.js';
import { migratedTestDatabase } from './support/db.js';
import { ledgerLoan, ledgerSource } from './support/ledger.js';

const SOURCE = { id: 'pages', connector: 'pages', options: {} };
const reject = (key: string): PullItem => ({ ok: false, recordKind: 'loan', sourceKey: key, raw: key, reasonCode: 'BAD_SHAPE', reason: 'test' });
const receipt = (name: string): FileReceipt => ({ name, sha256: name, batchNo: null, status: 'processed', records: 1 });
/** Page `p` of `size` items, keys `p.0`, `p.1`, …; cursor `{ page: p }`. */
const page = (p: number, size: number, extra: Partial<PullBatch> = {}): PullBatch => ({
  items: Array.from({ length: size }, (_, i) => reject(`${p}.${i}`)), cursor: { page: p }, ...extra,
});

async function* source(pages: readonly PullBatch[], failAfter?: number): AsyncGenerator<PullBatch> {
  for (const [i, p] of pages.entries()) {
    if (i === failAfter) throw new Error('source down');
    yield p;
  }
}

async function collect(pages: AsyncIterable<PullBatch>, busy: boolean, maxItems: number): Promise<ReadyBatch[]> {
  const out: ReadyBatch[] = [];
  for await (const b of readyBatches(pages, SOURCE, () => busy, maxItems)) out.push(b);
  return out;
}

const keysOf = (b: ReadyBatch) => b.prepared.rejected.map((r) => r.sourceKey);

describe('readyBatches', () => {
  it('joins nothing while the database is free', async () => {
    const out = await collect(source([page(1, 3), page(2, 3), page(3, 3)]), false, 100);
    expect(out.map((b) => b.pages)).toEqual([1, 1, 1]);
    expect(out.map((b) => b.batch.cursor)).toEqual([{ page: 1 }, { page: 2 }, { page: 3 }]);
  });

  it('joins pages in order while busy, up to the bound, with the last cursor and all receipts', async () => {
    const pages = [page(1, 4, { files: [receipt('a')] }), page(2, 4), page(3, 4, { files: [receipt('c')] }), page(4, 4), page(5, 3)];
    const out = await collect(source(pages), true, 10);
    // 4 + 4 = 8; a third page would make 12 > 10: it starts the next batch (4 + 4 = 8; then 3 would make 11).
    expect(out.map((b) => b.pages)).toEqual([2, 2, 1]);
    expect(out.map((b) => b.batch.cursor)).toEqual([{ page: 2 }, { page: 4 }, { page: 5 }]);
    expect(out.map((b) => b.batch.files?.map((f) => f.name))).toEqual([['a'], ['c'], undefined]);
    expect(out.flatMap(keysOf)).toEqual(pages.flatMap((p) => p.items.map((i) => i.sourceKey)));
    expect(out.map((b) => b.batch.items.length)).toEqual(out.map((b) => b.counts.read));
    expect(out.map((b) => b.counts.read)).toEqual([8, 8, 3]);
  });

  it('never joins a full-list page, nor into one', async () => {
    const snapshot = { kind: 'loan' as const, day: '2026-11-01', complete: true };
    const out = await collect(source([page(1, 2), page(2, 2, { snapshot }), page(3, 2), page(4, 2)]), true, 100);
    expect(out.map((b) => [b.pages, b.batch.snapshot !== undefined])).toEqual([[1, false], [1, true], [2, false]]);
  });

  it('yields the pages joined before the source failed, then the failure', async () => {
    const seen: ReadyBatch[] = [];
    const run = async () => {
      for await (const b of readyBatches(source([page(1, 2), page(2, 2), page(3, 2)], 2), SOURCE, () => true, 100)) seen.push(b);
    };
    await expect(run()).rejects.toThrow('source down');
    expect(seen.map((b) => [b.pages, b.batch.cursor])).toEqual([[2, { page: 2 }]]);
  });
});

const db = migratedTestDatabase();

describe('a paged source through the pipeline', () => {
  it('stores every record once, keeps the last cursor, and commits fewer transactions than pages', async () => {
    const pages: PullBatch[] = Array.from({ length: 30 }, (_, p) => ({ items: Array.from({ length: 10 }, (_, i) => ledgerLoan(p * 10 + i, 'P')), cursor: { page: p } }));
    const { database } = db.get();
    const deps = { database, keyring: PersonKeyring.ephemeral(), log: pino({ level: 'silent' }), connectors: new Map([['paged-ledger', ledgerSource('paged-ledger', pages)]]) };
    const run = await syncSource(deps, { id: 'paged', connector: 'paged-ledger', options: {} });
    expect(run.status, run.error).toBe('succeeded');
    expect(run.counts).toMatchObject({ read: 300, inserted: 300, quarantined: 0 });
    expect(run.cursor).toEqual({ page: 29 });
    expect(run.counts.batches).toBeLessThan(30);
    const [n] = await database.query<{ n: number; d: number }>(`select count(*)::int as n, count(distinct contract_no)::int as d from loan where source_id = 'paged'`);
    expect(n).toEqual({ n: 300, d: 300 });
    // Run again: nothing new, nothing written twice.
    const again = await syncSource(deps, { id: 'paged', connector: 'paged-ledger', options: {} });
    expect(again.counts).toMatchObject({ read: 300, inserted: 0, updated: 0, unchanged: 300 });
  });

  it('stores a record repeated on two pages as separate batches would, joined or not', async () => {
    const { database } = db.get();
    const repeat = (prefix: string): PullBatch[] => {
      const same = ledgerLoan(1, prefix);
      const changed = ledgerLoan(2, prefix) as Extract<PullItem, { ok: true }>;
      return [
        { items: [ledgerLoan(0, prefix)], cursor: { page: 0 } },
        { items: [same, changed], cursor: { page: 1 } },
        // The same loan again (unchanged, another source key), and the other one changed.
        { items: [{ ...same, sourceKey: 'again' }, { ...changed, sourceKey: 'changed', input: { ...(changed.input as Extract<RecordInput, { kind: 'loan' }>), amount: '200' } }], cursor: { page: 2 } },
      ];
    };
    const stored = async (joinPages: boolean, prefix: string) => {
      const deps = { database, keyring: PersonKeyring.ephemeral(), log: pino({ level: 'silent' }), joinPages, connectors: new Map([[`rep-${prefix}`, ledgerSource(`rep-${prefix}`, repeat(prefix))]]) };
      const run = await syncSource(deps, { id: `rep-${prefix}`, connector: `rep-${prefix}`, options: {} });
      expect(run.status, run.error).toBe('succeeded');
      return database.query<{ contract_no: string; source_key: string; amount: string }>(
        `select replace(contract_no, $2, '') as contract_no, replace(source_key, $2, '') as source_key, amount::text as amount from loan where source_id = $1 order by contract_no`, [`rep-${prefix}`, prefix]);
    };
    const joined = await stored(true, 'J');
    expect(joined).toEqual(await stored(false, 'S'));
    expect(joined.map((r) => r.source_key)).toEqual(['-0', '-1', 'changed']);
  });

  it('keeps the provenance of a unit two registrations describe alike as separate batches would, joined or not', async () => {
    const { database } = db.get();
    const registration = (ywh: string, unitCode: string, prefix: string): PullItem => ({
      ok: true, sourceKey: `${prefix}-${ywh}`, raw: ywh,
      input: {
        kind: 'registration', ywh: `${prefix}${ywh}`, unitCode, certificateNo: null, regType: '首次登记', registeredAt: '2026-03-02T10:00:00+08:00', usage: '住宅',
        areaM2: '89.5', holders: [], mortgageeName: null, mortgageeUscc: null, securedAmount: null, cancelsYwh: null,
      },
    });
    const UNIT = '340104001001GB00001F00010001';
    const pages = (prefix: string): PullBatch[] => [
      { items: [registration('X', '340104001001GB00001F00010002', prefix)], cursor: { page: 0 } },
      { items: [registration('A', UNIT, prefix)], cursor: { page: 1 } },
      // Another registration on the same unit, describing it alike: the unit is unchanged, so its row keeps A's provenance.
      { items: [registration('B', UNIT, prefix)], cursor: { page: 2 } },
    ];
    const unitSource = async (joinPages: boolean, prefix: string) => {
      const deps = { database, keyring: PersonKeyring.ephemeral(), log: pino({ level: 'silent' }), joinPages, connectors: new Map([[`units-${prefix}`, ledgerSource(`units-${prefix}`, pages(prefix))]]) };
      const run = await syncSource(deps, { id: `units-${prefix}`, connector: `units-${prefix}`, options: {} });
      expect(run.status, run.error).toBe('succeeded');
      const [unit] = await database.query<{ source_key: string }>(`select source_key from real_estate_unit where unit_code = $1`, [UNIT]);
      await database.query(`delete from real_estate_unit`);
      return { sourceKey: unit?.source_key, batches: run.counts.batches };
    };
    const separate = await unitSource(false, 'S');
    const joined = await unitSource(true, 'J');
    expect(separate).toEqual({ sourceKey: 'S-A', batches: 3 });
    expect(joined.batches).toBeLessThan(3);
    expect(joined.sourceKey).toBe('J-A');
  });

  it("joins no further than the connector's own batch size", async () => {
    const pages: PullBatch[] = Array.from({ length: 30 }, (_, p) => ({ items: Array.from({ length: 10 }, (_, i) => ledgerLoan(p * 10 + i, 'Q')), cursor: { page: p } }));
    const capped = { ...ledgerSource('capped-ledger', pages), maxBatch: () => 20 };
    const { database } = db.get();
    const deps = { database, keyring: PersonKeyring.ephemeral(), log: pino({ level: 'silent' }), connectors: new Map([['capped-ledger', capped]]) };
    const run = await syncSource(deps, { id: 'capped', connector: 'capped-ledger', options: {} });
    expect(run.status, run.error).toBe('succeeded');
    expect(run.counts).toMatchObject({ read: 300, inserted: 300 });
    // At most two pages of 10 a batch.
    expect(run.counts.batches).toBeGreaterThanOrEqual(15);
    expect(run.counts.batches).toBeLessThan(30);
  });
});
