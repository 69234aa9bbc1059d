/**
 * The CSV header matched by column name (connectors/csv): the format's columns found in any
 * order and spelling variant, extra columns ignored, a missing or repeated column refused.
 */
import { describe, expect, it } from 'vitest';
import { columnOrder } from './csv.js';

const FORMAT = ['统一社会信用代码', '企业名称', '注册资本(万元)'];

describe('columnOrder', () => {
  it('is the identity (null) for the format itself', () => {
    expect(columnOrder(FORMAT, FORMAT, 'f.csv')).toBeNull();
  });

  it('finds each column wherever it is, in fullwidth or with spaces, past extra columns', () => {
    expect(columnOrder(['注册资本（万元）', '备注', ' 企业 名称', '统一社会信用代码 '], FORMAT, 'f.csv')).toEqual([3, 2, 0]);
    // Trailing commas: unnamed extra columns, even several, are ignored.
    expect(columnOrder([...FORMAT, '', ''], FORMAT, 'f.csv')).toEqual([0, 1, 2]);
  });

  it('refuses a file lacking a column or naming one twice, and says which', () => {
    expect(() => columnOrder(['统一社会信用代码', '企业名称'], FORMAT, 'f.csv')).toThrow('f.csv: header lacks 注册资本(万元)');
    expect(() => columnOrder([...FORMAT, '企业名称'], FORMAT, 'f.csv')).toThrow('f.csv: header names column 企业名称 twice');
  });
});
