/**
 * Values as departments write them: a closed list's exactly, in fullwidth or in lower case —
 * and nothing else; an amount in 人民币 or, without a CNY figure, in another currency.
 */
import { expect, it } from 'vitest';
import { Checker, RecordRejection } from './record-checker.js';

it('oneOf takes a listed value as written, in fullwidth or in lower case, and refuses the rest naming the list', () => {
  const c = new Checker({});
  const ratings = ['A', 'B', 'M', 'C', 'D'] as const;
  const cases: [string, string][] = [['A', 'A'], [' m ', 'M'], ['Ｄ', 'D'], ['ｃ', 'C']];
  for (const [raw, value] of cases) expect(c.oneOf('rating', raw, ratings), raw).toBe(value);
  expect(c.oneOf('status', 'valid', ['VALID', 'REVOKED', 'CANCELLED'] as const)).toBe('VALID');
  expect(c.oneOf('status', '存续', ['存续', '在业'] as const)).toBe('存续');
  for (const bad of ['E', 'AA', 'A级']) {
    expect(() => c.oneOf('rating', bad, ratings), bad).toThrow(RecordRejection);
    expect(() => c.oneOf('rating', bad, ratings)).toThrow('rating must be one of A, B, M, C, D');
  }
  expect(() => c.oneOf('rating', '', ratings)).toThrow('rating is required');
});

it('yuanAmount keeps a CNY amount and leaves a foreign-currency one out with a warning, refusing a malformed number', () => {
  const c = new Checker({});
  expect(c.yuanAmount('registeredCapital', '500万元')).toBe('500');
  expect(c.yuanAmount('registeredCapital', '1,200.5万人民币')).toBe('1200.5');
  expect(c.yuanAmount('registeredCapital', 80)).toBe('80');
  expect(c.warnings).toEqual([]);
  for (const foreign of ['500万美元', ' 1,000 万港元', '３００万欧元', '20日元']) {
    expect(c.yuanAmount('registeredCapital', foreign), foreign).toBeNull();
  }
  expect(c.warnings).toHaveLength(4);
  expect(c.warnings[0]).toBe('registeredCapital: 500万美元 is in 美元, not 人民币; no CNY figure is kept');
  expect(() => c.yuanAmount('registeredCapital', '1.2.3万美元')).toThrow('registeredCapital: amount is not a decimal number');
  expect(() => c.yuanAmount('registeredCapital', '500万卢布')).toThrow(RecordRejection);
});
