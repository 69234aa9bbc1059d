/**
 * identifiers/iso7064
 *
 * The ISO 7064 check-character systems the national codes use: MOD 11-2 (resident ID),
 * hybrid MOD 11,10 (project code) and hybrid MOD 37,36 (e-license identifier).
 */

const ALNUM36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** MOD 11-2 over 17 digits; returns the check char `0-9X`. */
export function mod11_2(digits17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(digits17[i]) * (2 ** (17 - i) % 11);
  return '10X98765432'[sum % 11]!;
}

/** Hybrid MOD 11,10 over digits; returns the check digit. */
export function mod11_10(digits: string): string {
  let p = 10;
  for (const ch of digits) {
    let s = (p + Number(ch)) % 10;
    if (s === 0) s = 10;
    p = (s * 2) % 11;
  }
  return String((11 - p) % 10);
}

/** Hybrid MOD 37,36 over `0-9A-Z`; returns the check char, or null for a char outside the alphabet. */
export function mod37_36(text: string): string | null {
  let p = 36;
  for (const ch of text) {
    const v = ALNUM36.indexOf(ch);
    if (v < 0) return null;
    let s = (p + v) % 36;
    if (s === 0) s = 36;
    p = (s * 2) % 37;
  }
  return ALNUM36[(37 - p) % 36]!;
}
