/**
 * tax/map
 *
 * View rows (pinyin-initial columns) → canonical tax inputs.
 */
import type { PullItem } from '../contract.js';
import type { TaxRow, ViewSpec } from './transport.js';

export const VIEWS: readonly ViewSpec[] = [
  { view: 'taxpayer', columns: ['nsrsbh', 'nsrmc', 'djzt', 'zgswjg', 'hy_dm'], keys: [['nsrsbh', 'text']] },
  { view: 'credit_rating', columns: ['nsrsbh', 'pdnd', 'xypj'], keys: [['nsrsbh', 'text'], ['pdnd', 'int']] },
  { view: 'arrears', columns: ['id', 'nsrsbh', 'zsxm', 'qsje', 'qsrq', 'status'], keys: [['id', 'bigint']] },
  { view: 'payments', columns: ['nsrsbh', 'nd', 'yf', 'zsxm', 'sjje'], keys: [['nsrsbh', 'text'], ['nd', 'int'], ['yf', 'int'], ['zsxm', 'text']] },
];

export function keyOf(spec: ViewSpec, row: TaxRow): string[] {
  return spec.keys.map(([k]) => row[k] ?? '');
}

export function mapTaxRow(spec: ViewSpec, row: TaxRow): PullItem {
  const raw = JSON.stringify(row);
  const sourceKey = `${spec.view}:${keyOf(spec, row).join('|')}`;
  const updatedAt = row.updated_at_iso;
  switch (spec.view) {
    case 'taxpayer':
      return { ok: true, sourceKey, raw, input: { kind: 'taxpayer', tin: row.nsrsbh, name: row.nsrmc, status: row.djzt, taxOffice: row.zgswjg, industryCode: row.hy_dm, updatedAt } };
    case 'credit_rating':
      return { ok: true, sourceKey, raw, input: { kind: 'tax-rating', tin: row.nsrsbh, year: row.pdnd, rating: row.xypj, updatedAt } };
    case 'arrears':
      return { ok: true, sourceKey, raw, input: { kind: 'tax-arrears', id: row.id, tin: row.nsrsbh, taxItem: row.zsxm, amount: row.qsje, since: row.qsrq, status: row.status, updatedAt } };
    case 'payments':
      return { ok: true, sourceKey, raw, input: { kind: 'tax-payment', tin: row.nsrsbh, year: row.nd, month: row.yf, taxItem: row.zsxm, amount: row.sjje, updatedAt } };
  }
}
