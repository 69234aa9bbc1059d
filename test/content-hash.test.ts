/**
 * The canonical JSON behind every content hash is byte for byte what it always was
 * (`JSON.stringify` with each object's keys sorted), so stored hashes stay valid: checked
 * against that definition on every record the demo world generates and on edge values.
 */
import { expect, it } from 'vitest';
import { canonicalJson } from '../src/ingest/hash.js';
import { World } from '../src/simulator/world.js';

const reference = (value: unknown) =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
  );

it('matches sorted-key JSON.stringify on edge values', () => {
  const edge = [
    null, 0, -0, 1e21, 1.5, NaN, Infinity, '', '引号"\\\n\u2028', true, [], {}, [undefined, () => 1, null],
    { b: 1, a: undefined, c: [{ z: 1, y: new Date(0) }], 10: 'ten', 9: 'nine', '01': 'x', d: { toJSON: () => ({ q: 1, p: 2 }) } },
  ];
  for (const v of edge) expect(canonicalJson(v)).toBe(reference(v));
});

it('matches it on every record of a demo world', () => {
  const world = new World({ enterprises: 200, seed: 11 });
  let n = 0;
  for (const e of world.enterprises()) {
    expect(canonicalJson(e)).toBe(reference(e));
    n++;
  }
  expect(n).toBeGreaterThan(100);
});
