import { describe, expect, it } from 'vitest';
import { NormaliseError, parseAmount, parseArea, parseDate, parseEndDate, parsePercent, parseTimestamp, registerStatus } from './normalise.js';

describe('normalise', () => {
  it('reads the three date spellings the sources use', () => {
    expect(parseDate('2021-03-04')).toBe('2021-03-04');
    expect(parseDate('2021/3/4')).toBe('2021-03-04');
    expect(parseDate('20210304')).toBe('2021-03-04');
    expect(parseDate('2021年3月4日')).toBe('2021-03-04');
    expect(parseDate('')).toBeNull();
    expect(() => parseDate('2021-02-30')).toThrow(NormaliseError);
    expect(() => parseDate('04/03/2021')).toThrow(/date/);
  });
  it('reads amounts with unit suffixes and refuses words', () => {
    expect(parseAmount('500')).toBe('500');
    expect(parseAmount('500万元')).toBe('500');
    expect(parseAmount('1,200.50万人民币')).toBe('1200.50');
    expect(parseAmount(' ')).toBeNull();
    expect(parseAmount(12.5)).toBe('12.5');
    expect(() => parseAmount('五百万')).toThrow(NormaliseError);
  });
  it('reads timestamps only with a zone', () => {
    expect(parseTimestamp('2026-11-02T09:30:00+08:00')?.toISOString()).toBe('2026-11-02T01:30:00.000Z');
    expect(() => parseTimestamp('2026-11-02T09:30:00')).toThrow(NormaliseError);
  });
  it('reads shares', () => {
    expect(parsePercent('50%')).toBe('50');
    expect(() => parsePercent('150%')).toThrow(NormaliseError);
    // A share as the registers write it: percent, a decimal fraction, a fraction.
    const shares: [string, string][] = [
      ['50', '50'], ['50 %', '50'], ['５０％', '50'], ['33.3333%', '33.3333'], ['1', '1'], ['100', '100'],
      ['0.5', '50'], ['0.25', '25'], ['1.0', '100'], ['0.5%', '0.5'], ['1/2', '50'], ['1 / 3', '33.3333'], ['2/3', '66.6667'], ['3/3', '100'],
    ];
    for (const [raw, pct] of shares) expect(parsePercent(raw), raw).toBe(pct);
    for (const bad of ['1/0', '4/3', '101', 'half', '50%%', '-5']) expect(() => parsePercent(bad), bad).toThrow(NormaliseError);
  });

  it('reads a validity end as a date, or as none where the register writes 长期 or 9999-12-31', () => {
    for (const open of ['长期', '长期有效', ' 永久 ', '永久有效', '无固定期限', '无期限', '9999-12-31', '9999/12/31', '99991231', '9999年12月31日', '', null]) {
      expect(parseEndDate(open), String(open)).toBeNull();
    }
    expect(parseEndDate('2029/1/4')).toBe('2029-01-04');
    expect(parseEndDate('2099-12-31')).toBe('2099-12-31');
    for (const bad of ['9999-12-30', '短期', '2029-02-30']) expect(() => parseEndDate(bad), bad).toThrow(NormaliseError);
  });

  it('reduces a 登记状态 as the public credit system writes it to the register\'s word', () => {
    const cases: [string, string][] = [
      ['存续', '存续'], ['存续（在营、开业、在册）', '存续'], ['在业(开业)', '在业'], [' 注销 ', '注销'],
      ['吊销，未注销', '吊销'], ['吊销未注销', '吊销'], ['吊销，已注销', '注销'], ['迁出（迁往外省）', '迁出'], ['停业', '停业'],
    ];
    for (const [raw, status] of cases) expect(registerStatus(raw), raw).toBe(status);
    expect(registerStatus('')).toBeNull();
  });

  it('converts an amount written in the other unit than its column\'s, exactly', () => {
    const wan: [string, string][] = [
      ['500', '500'], ['500万元', '500'], ['500万', '500'], ['500人民币', '500'], ['5000元', '0.5'], ['12,345.67元', '1.234567'],
      ['1元', '0.0001'], ['0元', '0'], ['-300元', '-0.03'], ['1000000元', '100'], ['007元', '0.0007'],
    ];
    for (const [raw, v] of wan) expect(parseAmount(raw, '万元'), raw).toBe(v);
    const yuan: [string, string][] = [['3万元', '30000'], ['1.5万', '15000'], ['0.000123万元', '1.23'], ['88.8元', '88.8'], ['88.8', '88.8']];
    for (const [raw, v] of yuan) expect(parseAmount(raw, '元'), raw).toBe(v);
    // Without a unit (an area), a suffix only confirms.
    expect(parseAmount('5000元')).toBe('5000');
    expect(() => parseAmount('5,000元元', '万元')).toThrow(NormaliseError);
  });

  it('reads an area with its unit written after it, converting hectares and mu', () => {
    const cases: [string | number, string][] = [
      ['1532.40', '1532.40'], [1532.4, '1532.4'], ['1,532.40平方米', '1532.40'], ['88㎡', '88'], ['88 m²', '88'], ['88M2', '88'], ['120平米', '120'],
      ['1.5公顷', '15000'], ['0.0001公顷', '1'], ['3亩', '2000'], ['1亩', '666.67'],
    ];
    for (const [raw, m2] of cases) expect(parseArea(raw), String(raw)).toBe(m2);
    expect(parseArea('')).toBeNull();
    for (const bad of ['平方米', '大约100平方米', '100英亩']) expect(() => parseArea(bad), bad).toThrow(NormaliseError);
  });
});
