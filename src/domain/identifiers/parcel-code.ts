/**
 * identifiers/parcel-code
 *
 * Parcel code (宗地代码, 19 chars) and real-estate unit code (不动产单元号, 28 chars,
 * GB/T 37346-2019). No check digit: structure plus a known division. A unit's first 19
 * characters are its parcel's code — that is the link between land and real estate.
 */
import { isKnownDivision } from '../divisions.js';
import { fail, normaliseCode, pass, type IdentifierResult } from './result.js';

const PARCEL_RE = /^(\d{6})(\d{3})(\d{3})([GJZ])([A-HSXWYLN])(\d{5})$/;
const UNIT_RE = /^(.{19})([FLQW])(\d{8})$/;

export interface ParcelCodeDetails {
  readonly divisionCode: string;
  readonly cadastralZone: string;
  readonly cadastralSubzone: string;
  /** G 国有 / J 集体 / Z 争议 */
  readonly ownership: 'G' | 'J' | 'Z';
  readonly rightType: string;
  readonly sequence: string;
  /** 地籍区 + 子区 `000000`: a virtual parcel created before survey. */
  readonly virtual: boolean;
}

export function validateParcelCode(raw: string): IdentifierResult<ParcelCodeDetails> {
  const kind = 'parcel-code';
  const v = normaliseCode(raw);
  if (v.length === 0) return fail(kind, 'EMPTY', 'parcel code is empty');
  if (v.length !== 19) return fail(kind, 'LENGTH', `parcel code must be 19 characters, got ${v.length}`);
  const m = PARCEL_RE.exec(v);
  if (!m) return fail(kind, 'FORMAT', 'parcel code must be 6+3+3 digits, ownership G/J/Z, a right-type letter and 5 digits');
  const [, division, zone, subzone, ownership, rightType, seq] = m;
  if (!isKnownDivision(division!)) return fail(kind, 'DIVISION', 'parcel code division is not a known GB/T 2260 code');
  return pass(kind, v, {
    divisionCode: division!,
    cadastralZone: zone!,
    cadastralSubzone: subzone!,
    ownership: ownership as 'G' | 'J' | 'Z',
    rightType: rightType!,
    sequence: seq!,
    virtual: zone === '000' && subzone === '000',
  });
}

export interface UnitCodeDetails {
  readonly parcelCode: string;
  /** F 房屋 / L 林木 / Q 其他 / W 无定着物 */
  readonly fixtureType: 'F' | 'L' | 'Q' | 'W';
  readonly fixtureNumber: string;
}

export function validateUnitCode(raw: string): IdentifierResult<UnitCodeDetails> {
  const kind = 'unit-code';
  const v = normaliseCode(raw);
  if (v.length === 0) return fail(kind, 'EMPTY', 'unit code is empty');
  if (v.length !== 28) return fail(kind, 'LENGTH', `unit code must be 28 characters, got ${v.length}`);
  const m = UNIT_RE.exec(v);
  if (!m) return fail(kind, 'FORMAT', 'unit code must be a parcel code, a fixture letter F/L/Q/W and 8 digits');
  const parcel = validateParcelCode(m[1]!);
  if (!parcel.ok) return fail(kind, parcel.code, `unit code's parcel part is invalid: ${parcel.message}`);
  if (m[2] === 'W' && m[3] !== '00000000') return fail(kind, 'FORMAT', 'a W (no fixture) unit must end in 00000000');
  return pass(kind, v, { parcelCode: parcel.value, fixtureType: m[2] as UnitCodeDetails['fixtureType'], fixtureNumber: m[3]! }, [
    ...parcel.warnings,
  ]);
}

/** Checks that a unit code belongs to the given parcel (its first 19 characters). */
export function unitBelongsToParcel(unitCode: string, parcelCode: string): boolean {
  return unitCode.length === 28 && unitCode.slice(0, 19) === parcelCode;
}
