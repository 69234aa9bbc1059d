/**
 * A 双公示 row whose 公示截止期 says 长期 (or 9999-12-31) is published without end, not a bad
 * row; a date is kept as the date.
 */
import { expect, it } from 'vitest';
import { validateRecord } from '../../src/domain/records.js';
import { World } from '../../src/simulator/world.js';
import { LISTS, mapListRow } from './map.js';

it('reads 公示截止期 as a date, or as none where the platform writes 长期', () => {
  const e = new World({ enterprises: 2, seed: 3 }).enterprise(1);
  const penalties = LISTS.find((l) => l.recordKind === 'PENALTY')!;
  const until = (value: string) => {
    const fields = [e.name, e.uscc, '合肥市监罚〔2026〕1号', '广告', '违反《广告法》', '5', '2026-03-01', '合肥市市场监督管理局', '', value];
    const mapped = mapListRow(penalties, { fields, raw: fields.join(','), row: 1, ragged: null }, 'xzcf.csv');
    if (!mapped.ok) throw new Error(mapped.reason);
    const checked = validateRecord(mapped.input);
    if (!checked.ok) throw new Error(`${checked.reasonCode}: ${checked.reason}`);
    return (checked.record as { publicityUntil: string | null }).publicityUntil;
  };
  expect(until('2027/3/1')).toBe('2027-03-01');
  for (const open of ['长期', '9999-12-31', '']) expect(until(open), open).toBeNull();
  expect(() => until('明年')).toThrow(/^BAD_DATE: publicityUntil/);
});
