/**
 * identifiers/project-code
 *
 * Investment project code (投资项目统一代码). Two schemes live side by side: legacy
 * `YYYY-DDDDDD-II-TT-NNNNNN` (no check) and GB/T 40058-2021 `YYMM-DDDDDD-DD-TT-NNNNNC`
 * whose last digit is ISO 7064 MOD 11,10 over the 19 digits before it. Digits 3-4 ≤ 12
 * mean the new scheme.
 */
import { mod11_10 } from './iso7064.js';
import { fail, normaliseCode, pass, type IdentifierResult } from './result.js';

export interface ProjectCodeDetails {
  readonly scheme: 'legacy' | 'gb40058';
  readonly divisionCode: string;
  /** YYYY (legacy) or 20YY (new) */
  readonly year: number;
  readonly month: number | null;
  readonly sectorCode: string;
  readonly typeCode: string;
}

export function validateProjectCode(raw: string): IdentifierResult<ProjectCodeDetails> {
  const kind = 'project-code';
  const v = normaliseCode(raw, { keepHyphens: true });
  if (v.length === 0) return fail(kind, 'EMPTY', 'project code is empty');
  const m = /^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$/.exec(v);
  if (!m) return fail(kind, 'FORMAT', 'project code must look like dddd-dddddd-dd-dd-dddddd');
  const [, head, division, sector, type, tail] = m;
  const mm = Number(head!.slice(2));
  if (mm >= 1 && mm <= 12) {
    const digits = v.replace(/-/g, '');
    if (mod11_10(digits.slice(0, 19)) !== digits[19]) {
      return fail(kind, 'CHECKSUM', 'project code (GB/T 40058) check digit does not match');
    }
    return pass(kind, v, {
      scheme: 'gb40058' as const,
      divisionCode: division!,
      year: 2000 + Number(head!.slice(0, 2)),
      month: mm,
      sectorCode: sector!,
      typeCode: type!,
    });
  }
  const year = Number(head);
  if (year < 2014 || year > 2021) return fail(kind, 'FORMAT', 'legacy project code year must be 2014-2021');
  if (!['01', '02', '03'].includes(type!)) return fail(kind, 'FORMAT', 'legacy project type must be 01, 02 or 03');
  void tail;
  return pass(kind, v, { scheme: 'legacy' as const, divisionCode: division!, year, month: null, sectorCode: sector!, typeCode: type! });
}
