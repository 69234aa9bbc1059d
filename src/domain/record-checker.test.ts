/**
 * A closed list's value as departments write it: exactly, in fullwidth, or in lower case —
 * and nothing else.
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
