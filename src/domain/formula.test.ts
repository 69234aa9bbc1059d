/**
 * Formula-looking text (security battery E03): flagged at ingest, escaped in exports.
 */
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, formulaWarnings, startsLikeFormula } from './formula.js';

describe('startsLikeFormula', () => {
  it.each(['=HYPERLINK("http://x")', '+cmd|\' /C calc\'!A0', '-2+3+cmd|x', '@SUM(A1)', '\tx', '\rx'])('flags %j', (s) => expect(startsLikeFormula(s)).toBe(true));
  it.each(['合肥恒达有限公司', '-5', '+86 551 1234', '-3.5', '', 'a=b'])('leaves %j', (s) => expect(startsLikeFormula(s)).toBe(false));
});

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['+1+1', "'+1+1"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', '"\'\rx"'],
    ['a,b', '"a,b"'],
    ['plain', 'plain'],
    [null, ''],
    [3, '3'],
  ])('writes %j as %j', (v, out) => expect(csvCell(v)).toBe(out));
  it('ends a row with CRLF', () => expect(csvRow(['=1', 'b'])).toBe("'=1,b\r\n"));
});

describe('formulaWarnings', () => {
  it('names each text field that starts like a formula', () => {
    expect(formulaWarnings({ kind: 'enterprise', name: '=x', address: '合肥', capital: -5 })).toEqual([
      "name: starts like a spreadsheet formula; stored as text, escaped with a leading ' in CSV exports",
    ]);
  });
});
