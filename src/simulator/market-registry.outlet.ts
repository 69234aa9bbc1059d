/**
 * simulator/market-registry.outlet
 *
 * The market-registry bulk file exactly as the bureau exports it: `enterprises-YYYYMMDD.csv`,
 * GB18030, RFC 4180, CRLF, Chinese header — with its quirks: three date spellings, capital
 * with or without 万元, empty capital, pre-2015 rows carrying only the 注册号 (the same
 * enterprise appearing later with both), about 1 % bad USCC checksums, and duplicate rows.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { USCC_CHARSET } from '../domain/identifiers/index.js';
import { CsvFileWriter } from './csv.js';
import type { WEnterprise, World } from './world.js';

export const MARKET_HEADER = [
  '统一社会信用代码', '注册号', '企业名称', '企业类型', '法定代表人', '法定代表人证件类型', '法定代表人证件号码', '注册资本(万元)',
  '成立日期', '登记状态', '住所', '行政区划代码', '行业代码', '登记机关', '核准日期', '注销日期',
];

function messyDate(iso: string | null, pick: number): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  if (pick === 0) return iso;
  if (pick === 1) return `${y}/${Number(m)}/${Number(d)}`;
  return `${y}${m}${d}`;
}

/** The row quirks of one enterprise, decided once so every outlet agrees. */
export function marketQuirks(world: World, e: WEnterprise) {
  const r = world.rng('market-quirks', e.index);
  return {
    badChecksum: r.chance(0.01),
    duplicate: r.chance(0.01),
    dateStyle: r.int(0, 2),
    capitalStyle: r.int(0, 2),
    passport: r.chance(0.05),
  };
}

function corrupt(uscc: string): string {
  const last = USCC_CHARSET.indexOf(uscc[17]!);
  return uscc.slice(0, 17) + USCC_CHARSET[(last + 7) % 31];
}

export function marketRow(world: World, e: WEnterprise, variant: 'full' | 'legacy'): string[] {
  const q = marketQuirks(world, e);
  const capital = e.capital === null ? '' : q.capitalStyle === 0 ? String(e.capital) : q.capitalStyle === 1 ? `${e.capital}万元` : `${e.capital}万人民币`;
  const uscc = variant === 'legacy' ? '' : q.badChecksum ? corrupt(e.uscc) : e.uscc;
  return [
    uscc, variant === 'legacy' || e.legacy === 'both' ? (e.regNo ?? '') : '', e.name, e.entityType, e.legalRep.name,
    q.passport ? '护照' : '身份证', q.passport ? `E${e.legalRep.idNumber.slice(8, 16)}` : e.legalRep.idNumber, capital,
    messyDate(e.establishedOn, q.dateStyle), e.status, e.address, e.division, e.industryCode, e.authority,
    messyDate(e.approvedOn, (q.dateStyle + 1) % 3), messyDate(e.deregisteredOn, q.dateStyle),
  ];
}

/** Writes the bulk file for `date` (YYYYMMDD) into `dir`; returns its path. Streams: bounded memory at any size. */
export async function writeMarketRegistryFile(world: World, dir: string, date: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `enterprises-${date}.csv`);
  const out = new CsvFileWriter(path, 'gb18030');
  const lateRows: string[][] = [];
  await out.row(MARKET_HEADER);
  for (const e of world.enterprises()) {
    const q = marketQuirks(world, e);
    if (e.legacy === 'none') await out.row(marketRow(world, e, 'full'));
    else {
      await out.row(marketRow(world, e, 'legacy'));
      if (e.legacy === 'both' && lateRows.length < 100_000) lateRows.push(marketRow(world, e, 'full'));
    }
    if (q.duplicate) await out.row(marketRow(world, e, e.legacy === 'legacy-only' ? 'legacy' : 'full'));
  }
  for (const row of lateRows) await out.row(row);
  await out.close();
  return path;
}
