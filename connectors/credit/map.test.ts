/**
 * Credit rows as the platform and the banks write them: a 公示截止期 of 长期 (or 9999-12-31)
 * is published without end, not a bad row; a loan type with 贷款 written out and 是否首贷 as
 * Y/N or 1/0 are the listed values.
 */
import { expect, it } from 'vitest';
import { validateRecord } from '../../src/domain/records.js';
import { World } from '../../src/simulator/world.js';
import { LISTS, mapListRow, type CreditList } from './map.js';

const e = new World({ enterprises: 2, seed: 3 }).enterprise(1);

/** A row of `list`, mapped and validated; a refusal throws `CODE: reason`. */
function row(list: CreditList, fields: string[]): Record<string, unknown> {
  const mapped = mapListRow(list, { fields, raw: fields.join(','), row: 1, ragged: null }, list.file);
  if (!mapped.ok) throw new Error(mapped.reason);
  const checked = validateRecord(mapped.input);
  if (!checked.ok) throw new Error(`${checked.reasonCode}: ${checked.reason}`);
  return checked.record as unknown as Record<string, unknown>;
}

it('reads 公示截止期 as a date, or as none where the platform writes 长期', () => {
  const penalties = LISTS.find((l) => l.recordKind === 'PENALTY')!;
  const until = (value: string) =>
    row(penalties, [e.name, e.uscc, '合肥市监罚〔2026〕1号', '广告', '违反《广告法》', '5', '2026-03-01', '合肥市市场监督管理局', '', value]).publicityUntil;
  expect(until('2027/3/1')).toBe('2027-03-01');
  for (const open of ['长期', '9999-12-31', '']) expect(until(open), open).toBeNull();
  expect(() => until('明年')).toThrow(/^BAD_DATE: publicityUntil/);
});

it('reads a loan type with its 贷款 written out, and 是否首贷 as 是/否, Y/N or 1/0', () => {
  const loans = LISTS.find((l) => l.kind === 'loan')!;
  const loan = (type: string, first: string) => {
    const r = row(loans, [e.uscc, e.name, '徽商银行', 'B0162H234010001', 'HT-1', '2026-01-05', '2027-01-04', '100', type, first]);
    return [r.loanType, r.firstLoan];
  };
  expect(loan('信用', '是')).toEqual(['信用', true]);
  expect(loan('信用贷款', 'Y')).toEqual(['信用', true]);
  expect(loan('抵押贷款', 'n')).toEqual(['抵押', false]);
  expect(loan('保证', '0')).toEqual(['保证', false]);
  expect(loan('保证', '1')).toEqual(['保证', true]);
  expect(() => loan('质押', '是')).toThrow(/^BAD_ENUM: loanType/);
  expect(() => loan('贷款', '是')).toThrow(/^BAD_ENUM: loanType/);
  expect(() => loan('信用', '也许')).toThrow(/^BAD_ENUM: firstLoan/);
});
