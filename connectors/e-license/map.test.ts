/**
 * A license from the library whose validity has no end — `validTo` null, `长期`, or the
 * 9999-12-31 sentinel — is a long-term license, not a bad record; its holder's document
 * type may come as the library's code or by its Chinese name.
 */
import { expect, it } from 'vitest';
import { validateRecord } from '../../src/domain/records.js';
import { elicenseItems } from '../../src/simulator/elicense.outlet.js';
import { World } from '../../src/simulator/world.js';
import { mapLicense } from './map.js';

const world = new World({ enterprises: 3, seed: 5 });
const item = elicenseItems(world)[0]!;

/** A simulator license with `changes`, mapped and validated; a refusal throws `CODE: reason`. */
function license(changes: Record<string, unknown>): Record<string, unknown> {
  const mapped = mapLicense({ ...item, ...changes });
  if (!mapped.ok) throw new Error(mapped.reason);
  const checked = validateRecord(mapped.input);
  if (!checked.ok) throw new Error(`${checked.reasonCode}: ${checked.reason}`);
  return checked.record as unknown as Record<string, unknown>;
}

it('takes 长期 and 9999-12-31 as no end, and keeps a real end date', () => {
  const validTo = (value: unknown) => license({ validTo: value }).validTo;
  for (const open of [null, '长期', '长期有效', '9999-12-31', '99991231']) expect(validTo(open), String(open)).toBeNull();
  expect(validTo('2031/5/6')).toBe('2031-05-06');
  expect(() => validTo('短期')).toThrow(/^BAD_DATE: validTo/);
});

it('takes the holder\'s document type by its code or its Chinese name', () => {
  const person = world.enterprise(1).legalRep;
  const typeOf = (holderIdType: string) =>
    license({ ...(/USCC|信用/i.test(holderIdType) ? {} : { holderId: person.idNumber, holderName: person.name }), holderIdType }).holderIdType;
  expect(item.holderIdType).toBe('USCC');
  for (const t of ['USCC', 'uscc', '统一社会信用代码']) expect(typeOf(t), t).toBe('USCC');
  for (const t of ['ID_CARD', '居民身份证', '身份证']) expect(typeOf(t), t).toBe('ID_CARD');
  expect(() => typeOf('护照')).toThrow(/^BAD_ENUM: holderIdType/);
});
