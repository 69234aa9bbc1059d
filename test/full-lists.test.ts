/**
 * Full lists, tried as a new department would: its own small credit platform drop, fed
 * through the documented config to a real hub, synced with the `syncNow` mutation, read
 * over GraphQL. A loan or record missing from a complete list is withdrawn and left out
 * of lists unless asked; a row present but invalid keeps its record listed; a row whose
 * key cannot be read stops that list's withdrawals for the day, and the run says why;
 * both drop layouts are read, and an empty drop fails NO_LIST_FOUND.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDIT_HEADERS } from '../src/simulator/credit.outlet.js';
import { csvLine } from '../src/simulator/csv.js';
import { writeMarketRegistryFile } from '../src/simulator/market-registry.outlet.js';
import { World, type WEnterprise } from '../src/simulator/world.js';
import { startTestHub, type TestHub } from './support/hub.js';

const world = new World({ enterprises: 6, seed: 1010 });
const firms = [...world.enterprises()].filter((e) => e.legacy !== 'legacy-only' && e.uscc);
const [a, b] = firms as [WEnterprise, WEnterprise];
const BANK = '91340100MA2TGNBK0C';

type Lists = Partial<Record<'xzxk' | 'xzcf' | 'sxbzxr' | 'loans', (string | null)[][]>>;
const HEADERS = { xzxk: CREDIT_HEADERS.doublePublicity, xzcf: CREDIT_HEADERS.doublePublicity, sxbzxr: CREDIT_HEADERS.defaulters, loans: CREDIT_HEADERS.loans };

/** Writes a day's lists (all four; a list left out is written empty) into `folder`. */
function writeLists(folder: string, lists: Lists): void {
  mkdirSync(folder, { recursive: true });
  for (const name of ['xzxk', 'xzcf', 'sxbzxr', 'loans'] as const) {
    writeFileSync(join(folder, `${name}.csv`), `\uFEFF${[HEADERS[name], ...(lists[name] ?? [])].map(csvLine).join('')}`);
  }
}

const penalty = (e: WEnterprise, docNo: string, decidedOn = '2026-10-01') => [e.name, e.uscc, docNo, '罚款', '广告违法', '1', decidedOn, '合肥市市场监督管理局', '', '2027-10-01'];
const loanRow = (e: WEnterprise, contract: string) => [e.uscc, e.name, '徽商银行合肥分行', BANK, contract, '2026-01-05', '2027-01-04', '100', '信用', '是'];

let root: string;
let t: TestHub;

const sync = async (sourceId: string) => {
  const r = await t.gql(`mutation($s: String!) { syncNow(sourceId: $s) { status error counts { read withdrawn quarantined } withdrawalsSkipped { list day reason } } }`, { s: sourceId });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.syncNow;
};
const penaltyRow = async (docNo: string) =>
  (await t.gql(`query($d: String!) { creditRecord(kind: "PENALTY", docNo: $d) { withdrawn withdrawnOn withdrawnReason } }`, { d: docNo })).body.data?.creditRecord;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'govgraph-lists-'));
  await writeMarketRegistryFile(world, join(root, 'market'), '20261101');
  const credit = (dir: string, extra: Record<string, unknown> = {}) => ({ connector: 'credit', options: { dir: join(root, dir), batchSize: 1, ...extra } });
  t = await startTestHub({
    ingest: false,
    config: {
      sources: [
        { id: 'market', connector: 'market-registry', options: { dir: join(root, 'market') } },
        { id: 'credit-dated', ...credit('dated') },
        { id: 'credit-flat', ...credit('flat') },
        { id: 'credit-today', ...credit('today', { layout: 'flat', flatDay: 'today' }) },
        { id: 'credit-empty', ...credit('empty') },
      ],
    },
  });
  expect((await sync('market')).status).toBe('succeeded');
}, 120_000);
afterAll(async () => {
  await t?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('a complete list withdraws what it no longer holds, and only that', () => {
  it('a loan missing from the ledger is withdrawn: Loan says so, Enterprise.loans leaves it out unless includeWithdrawn', async () => {
    const dated = join(root, 'dated');
    writeLists(join(dated, '20261101'), { loans: [loanRow(a, 'L-1'), loanRow(a, 'L-2')], xzcf: [penalty(a, 'P-1'), penalty(b, 'P-2'), penalty(b, 'P-3')] });
    expect((await sync('credit-dated')).status).toBe('succeeded');
    writeLists(join(dated, '20261102'), { loans: [loanRow(a, 'L-1')], xzcf: [penalty(a, 'P-1'), penalty(b, 'P-2'), penalty(b, 'P-3')] });
    const run = await sync('credit-dated');
    expect(run).toMatchObject({ status: 'succeeded', counts: { withdrawn: 1 }, withdrawalsSkipped: [] });

    const q = `query($u: String!) { enterprise(uscc: $u) { live: loans { contractNo withdrawn } all: loans(includeWithdrawn: true) { contractNo withdrawn withdrawnOn withdrawnReason } } }`;
    const e = (await t.gql(q, { u: a.uscc })).body.data.enterprise;
    expect(e.live).toEqual([{ contractNo: 'L-1', withdrawn: false }]);
    expect(e.all).toContainEqual({ contractNo: 'L-2', withdrawn: true, withdrawnOn: '2026-11-02', withdrawnReason: 'MISSING_FROM_LIST' });
    const one = (await t.gql(`{ loan(lenderCode: "${BANK}", contractNo: "L-2") { withdrawn withdrawnReason } }`)).body.data.loan;
    expect(one).toEqual({ withdrawn: true, withdrawnReason: 'MISSING_FROM_LIST' });
  });

  it('a penalty still on the list but with a typo in its date is quarantined, and its record stays live; an absent one is withdrawn', async () => {
    // Day 3: P-1 present with a bad date, P-2 absent, P-3 present and valid.
    writeLists(join(root, 'dated', '20261103'), { loans: [loanRow(a, 'L-1')], xzcf: [penalty(a, 'P-1', '2026-13-45'), penalty(b, 'P-3')] });
    const run = await sync('credit-dated');
    expect(run).toMatchObject({ status: 'succeeded', counts: { withdrawn: 1, quarantined: 1 }, withdrawalsSkipped: [] });
    expect(await penaltyRow('P-1')).toEqual({ withdrawn: false, withdrawnOn: null, withdrawnReason: null });
    expect(await penaltyRow('P-2')).toEqual({ withdrawn: true, withdrawnOn: '2026-11-03', withdrawnReason: 'MISSING_FROM_LIST' });
    expect(await penaltyRow('P-3')).toMatchObject({ withdrawn: false });
    const q = await t.hub.database.query<{ reason_code: string }>(`select reason_code from quarantine where source_id = 'credit-dated'`);
    expect(q.map((r) => r.reason_code)).toEqual(['BAD_DATE']);
  });

  it.each([
    ['a row without its 决定文书号', (e: WEnterprise) => penalty(e, '')],
    ['a ragged row', (e: WEnterprise) => [e.name, e.uscc, 'P-9']],
  ])('%s stops the list withdrawing anything that day, and the run says why', async (_name, broken) => {
    const day = _name.startsWith('a ragged') ? '20261105' : '20261104';
    // P-3 is absent this time, but an unreadable row might be it: nothing is withdrawn.
    writeLists(join(root, 'dated', day), { loans: [loanRow(a, 'L-1')], xzcf: [broken(b), penalty(a, 'P-1')] });
    const run = await sync('credit-dated');
    expect(run.status).toBe('succeeded');
    expect(run.counts.withdrawn).toBe(0);
    expect(run.withdrawalsSkipped).toEqual([{ list: 'credit-record:PENALTY', day: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`, reason: expect.stringMatching(/could not be read to a key/) }]);
    expect(await penaltyRow('P-3')).toMatchObject({ withdrawn: false });
    expect(await penaltyRow('P-1')).toMatchObject({ withdrawn: false });
  });

  it('the next clean list withdraws again', async () => {
    writeLists(join(root, 'dated', '20261106'), { loans: [loanRow(a, 'L-1')], xzcf: [penalty(a, 'P-1')] });
    const run = await sync('credit-dated');
    expect(run).toMatchObject({ status: 'succeeded', counts: { withdrawn: 1 }, withdrawalsSkipped: [] });
    expect(await penaltyRow('P-3')).toMatchObject({ withdrawn: true, withdrawnOn: '2026-11-06' });
    // A withdrawn record that comes back valid is live again.
    writeLists(join(root, 'dated', '20261107'), { loans: [loanRow(a, 'L-1'), loanRow(a, 'L-2')], xzcf: [penalty(a, 'P-1'), penalty(b, 'P-3')] });
    expect((await sync('credit-dated')).counts.withdrawn).toBe(0);
    expect(await penaltyRow('P-3')).toEqual({ withdrawn: false, withdrawnOn: null, withdrawnReason: null });
    expect((await t.gql(`{ loan(lenderCode: "${BANK}", contractNo: "L-2") { withdrawn withdrawnReason } }`)).body.data.loan).toEqual({ withdrawn: false, withdrawnReason: null });
  });
});

describe('the drop layouts', () => {
  it('reads the four files placed straight in the folder, dated by their modification time (China time)', async () => {
    const flat = join(root, 'flat');
    writeLists(flat, { xzcf: [penalty(a, 'F-1'), penalty(b, 'F-2')] });
    const mtime = new Date('2026-11-10T20:30:00Z'); // 2026-11-11 04:30 in China
    for (const f of ['xzxk', 'xzcf', 'sxbzxr', 'loans']) utimesSync(join(flat, `${f}.csv`), mtime, mtime);
    const first = await sync('credit-flat');
    expect(first).toMatchObject({ status: 'succeeded', counts: { read: 2 } });
    // The platform overwrites the files the next day without F-2.
    writeLists(flat, { xzcf: [penalty(a, 'F-1')] });
    const next = new Date('2026-11-11T20:30:00Z');
    for (const f of ['xzxk', 'xzcf', 'sxbzxr', 'loans']) utimesSync(join(flat, `${f}.csv`), next, next);
    const second = await sync('credit-flat');
    expect(second).toMatchObject({ status: 'succeeded', counts: { read: 1, withdrawn: 1 } });
    expect(await penaltyRow('F-2')).toMatchObject({ withdrawn: true, withdrawnOn: '2026-11-12' });
    // Unchanged files are the same day again: nothing read twice.
    expect((await sync('credit-flat')).counts.read).toBe(0);
  });

  it('dates files in place by the day of the run when configured so', async () => {
    writeLists(join(root, 'today'), { xzcf: [penalty(a, 'T-1')] });
    expect(await sync('credit-today')).toMatchObject({ status: 'succeeded', counts: { read: 1 } });
  });

  it('fails a run that finds no list at all with NO_LIST_FOUND, instead of succeeding empty', async () => {
    mkdirSync(join(root, 'empty', 'not-a-day'), { recursive: true });
    writeFileSync(join(root, 'empty', 'readme.txt'), 'nothing here');
    const run = await sync('credit-empty');
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^NO_LIST_FOUND: /);
  });
});
