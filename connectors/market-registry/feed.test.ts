/**
 * The change feed's sequence numbers as JSON numbers or as digit strings (a feed that keeps
 * large ids exact by quoting them): the same change, the same position.
 */
import { expect, it } from 'vitest';
import { FeedPage, mapChange, seqOf } from './feed.js';

it('reads seq and nextSince as numbers or digit strings, and refuses anything else', () => {
  for (const [raw, seq] of [[1043, 1043], ['1043', 1043], [0, 0], ['0', 0]] as const) expect(seqOf(raw), String(raw)).toBe(seq);
  for (const bad of [-1, 1.5, '1e3', '', ' 7', '-2', null, {}, '9999999999999999']) expect(seqOf(bad), String(bad)).toBeNull();

  const change = (seq: unknown) => mapChange({ seq, event: 'CHANGE', uscc: 'X', occurredAt: '2026-11-02T09:30:00+08:00', data: { name: '测试' } });
  const asNumber = change(1043);
  const asText = change('1043');
  expect(asText).toEqual({ ...asNumber, raw: asText.raw });
  expect(asText).toMatchObject({ ok: true, sourceKey: 'seq:1043', input: { event: { seq: 1043 } } });
  expect(change('x')).toMatchObject({ ok: false, reasonCode: 'BAD_SHAPE', sourceKey: null });

  expect(FeedPage.parse({ items: [], nextSince: '1043', hasMore: false }).nextSince).toBe(1043);
  expect(FeedPage.safeParse({ items: [], nextSince: 'soon', hasMore: false }).success).toBe(false);
});
