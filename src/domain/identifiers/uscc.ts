/**
 * identifiers/uscc
 *
 * Unified social credit code (统一社会信用代码, GB 32100-2015) and the old 15-digit
 * registration number (注册号). Both check characters are verified: position 18 (MOD 31
 * over the USCC alphabet) and position 17 (the embedded GB 11714 organisation code).
 */
import { fail, normaliseCode, pass, type IdentifierResult } from './result.js';

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ALNUM36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface UsccDetails {
  readonly registrationDepartment: string;
  readonly organisationType: string;
  /** The registering authority's division, not the address. */
  readonly divisionCode: string;
  readonly organisationCode: string;
  /** True when accepted only because of lenient mode (pilot code failing position 18). */
  readonly lenient: boolean;
}

/** GB 11714 check char for an 8-char organisation-code body (full A-Z alphabet). */
export function orgCodeCheck(body8: string): string | null {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = ALNUM36.indexOf(body8[i]!);
    if (v < 0) return null;
    sum += v * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Position-18 check char for the first 17 chars of a USCC. */
export function usccCheck(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

export interface UsccOptions {
  /** Keep early pilot codes that fail only the position-18 check (flagged `lenient`). */
  readonly lenient?: boolean;
}

export function validateUscc(raw: string, options: UsccOptions = {}): IdentifierResult<UsccDetails> {
  const kind = 'uscc';
  const v = normaliseCode(raw);
  if (v.length === 0) return fail(kind, 'EMPTY', 'USCC is empty');
  if (v.length !== 18) return fail(kind, 'LENGTH', `USCC must be 18 characters, got ${v.length}`);
  for (const ch of v) {
    if (!USCC_CHARSET.includes(ch)) return fail(kind, 'CHARSET', 'USCC contains a character outside 0-9A-HJ-NPQRTUWXY');
  }
  if (!/^\d{6}$/.test(v.slice(2, 8))) return fail(kind, 'FORMAT', 'USCC positions 3-8 must be a 6-digit division code');
  const org = v.slice(8, 17);
  if (orgCodeCheck(org.slice(0, 8)) !== org[8]) {
    return fail(kind, 'ORG_CODE_CHECKSUM', 'USCC organisation-code check character (position 17) does not match');
  }
  const details = {
    registrationDepartment: v[0]!,
    organisationType: v[1]!,
    divisionCode: v.slice(2, 8),
    organisationCode: org,
  };
  if (usccCheck(v.slice(0, 17)) !== v[17]) {
    if (options.lenient) {
      return pass(kind, v, { ...details, lenient: true }, ['USCC position-18 check fails; kept in lenient mode (pre-standard pilot code)']);
    }
    return fail(kind, 'CHECKSUM', 'USCC check character (position 18) does not match');
  }
  return pass(kind, v, { ...details, lenient: false });
}

/** The 15-digit pre-2015 registration number (注册号). Structural check only. */
export function validateRegistrationNumber(raw: string): IdentifierResult<{ divisionCode: string }> {
  const kind = 'registration-number';
  const v = normaliseCode(raw);
  if (v.length === 0) return fail(kind, 'EMPTY', 'registration number is empty');
  if (!/^\d{15}$/.test(v)) return fail(kind, 'FORMAT', 'registration number must be 15 digits');
  return pass(kind, v, { divisionCode: v.slice(0, 6) });
}
