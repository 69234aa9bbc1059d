/**
 * identifiers/resident-id
 *
 * Resident identity number (居民身份证号, GB 11643-1999), ISO 7064 MOD 11-2. The same check
 * covers Hong Kong/Macao/Taiwan residence permits (810000/820000/830000) and the 2023
 * foreign permanent-resident card (leading 9): the prefix is reported, never rejected.
 */
import { mod11_2 } from './iso7064.js';
import { fail, normaliseCode, pass, type IdentifierResult } from './result.js';

export type ResidentIdKind = 'resident' | 'hmt-resident' | 'foreign-permanent-resident';

export interface ResidentIdDetails {
  readonly holderKind: ResidentIdKind;
  readonly birthDate: string;
}

function isRealDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export function validateResidentId(raw: string): IdentifierResult<ResidentIdDetails> {
  const kind = 'resident-id';
  const v = normaliseCode(raw);
  if (v.length === 0) return fail(kind, 'EMPTY', 'ID number is empty');
  if (v.length !== 18) return fail(kind, 'LENGTH', `ID number must be 18 characters, got ${v.length}`);
  if (!/^\d{17}[\dX]$/.test(v)) return fail(kind, 'FORMAT', 'ID number must be 17 digits and a digit or X');
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  if (!isRealDate(y, m, d) || y < 1850) return fail(kind, 'DATE', 'ID number carries an impossible birth date');
  if (mod11_2(v.slice(0, 17)) !== v[17]) return fail(kind, 'CHECKSUM', 'ID number check character does not match');
  const holderKind: ResidentIdKind = v.startsWith('9')
    ? 'foreign-permanent-resident'
    : /^8[123]0000/.test(v)
      ? 'hmt-resident'
      : 'resident';
  return pass(kind, v, { holderKind, birthDate: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}` });
}

/** Display form: first 6 and last 4 kept, `340104********1234`. */
export function maskResidentId(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : '*'.repeat(id.length);
}
