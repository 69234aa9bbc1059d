/**
 * simulator/world-codes
 *
 * The valid national codes and reference parties the demo world is built from: USCCs
 * (both check characters), resident IDs, e-license IDs, the cities' market-supervision
 * bureaus, the banks — and its date spellings.
 */
import { mod11_2, mod37_36, orgCodeCheck, usccCheck, USCC_CHARSET } from '../domain/identifiers/index.js';
import { BANKS, CITIES } from './vocabulary.js';


export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
export const isoTs = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');

/** A valid USCC from a department char, type char, division and an index. */
export function makeUscc(dept: string, type: string, division: string, n: number, prefix = 'MA'): string {
  let body = '';
  let x = n;
  for (let k = 0; k < 8 - prefix.length; k++) {
    body = USCC_CHARSET[x % 31] + body;
    x = Math.floor(x / 31);
  }
  const org = prefix + body;
  const first17 = `${dept}${type}${division}${org}${orgCodeCheck(org)}`;
  return first17 + usccCheck(first17);
}

export function makeResidentId(division: string, birth: string, seq: number): string {
  const body = `${division}${birth.replace(/-/g, '')}${String(seq % 1000).padStart(3, '0')}`;
  return body + mod11_2(body);
}

export function makeLicenseId(typeCode: string, issuerUscc: string, serial: string, version = '001'): string {
  return `1.2.156.3005.2.${typeCode}.${issuerUscc}.${serial}.${version}.${mod37_36(typeCode + issuerUscc + serial + version)}`;
}

/** The market-supervision bureau of a city: its name and USCC. */
export function marketBureau(cityCode: string): { name: string; uscc: string } {
  const city = CITIES.find((c) => c.code === cityCode)!;
  return { name: `${city.name}市市场监督管理局`, uscc: makeUscc('1', '1', cityCode, 1000 + Number(cityCode.slice(2, 4)), 'MB') };
}

export function bank(n: number): { name: string; uscc: string } {
  const name = BANKS[n % BANKS.length]!;
  return { name, uscc: makeUscc('9', '1', '340100', 500_000 + n, 'MA') };
}
