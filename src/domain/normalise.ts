/**
 * normalise
 *
 * Pure parsers for the messy values real exports carry: four date spellings, "no end"
 * (长期), shares as percent or fraction, amounts with a trailing 万元, the ID card's names
 * as a document type, empty strings for nothing. Each returns a value or null for
 * "absent", and throws NormaliseError with a stable reason code for "present but wrong".
 */

export class NormaliseError extends Error {
  constructor(
    readonly reasonCode: 'BAD_DATE' | 'BAD_TIMESTAMP' | 'BAD_AMOUNT' | 'BAD_PERCENT' | 'BAD_INTEGER',
    message: string,
  ) {
    super(message);
  }
}

const blank = (v: string | null | undefined): v is null | undefined | '' => v === null || v === undefined || v.trim() === '';

/** `2021-03-04`, `2021/3/4`, `20210304`, `2021年3月4日` → `2021-03-04`. */
export function parseDate(raw: string | null | undefined): string | null {
  if (blank(raw)) return null;
  const s = raw.trim().normalize('NFKC');
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) throw new NormaliseError('BAD_DATE', 'date is not YYYY-MM-DD, YYYY/M/D or YYYYMMDD');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d || y < 1900 || y > 2200) {
    throw new NormaliseError('BAD_DATE', 'date does not exist');
  }
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** What registers write for "no end" (长期): the words, and the 9999-12-31 sentinel in any spelling. */
const OPEN_ENDED = /^(长期|长期有效|永久|永久有效|无固定期限|无期限)$/;

/**
 * The end of a validity (有效期至): a date, or null for none — `长期` and its like, or the
 * sentinel `9999-12-31` (`9999/12/31`, `99991231`).
 */
export function parseEndDate(raw: string | null | undefined): string | null {
  if (blank(raw)) return null;
  const s = raw.trim().normalize('NFKC');
  if (OPEN_ENDED.test(s) || /^9999[-/.年]?12[-/.月]?31日?$/.test(s)) return null;
  return parseDate(s);
}

/** ISO 8601 with an offset → a Date. */
export function parseTimestamp(raw: string | null | undefined): Date | null {
  if (blank(raw)) return null;
  const s = raw.trim();
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    throw new NormaliseError('BAD_TIMESTAMP', 'timestamp must be ISO 8601 with a zone offset');
  }
  const d = new Date(s.replace(' ', 'T'));
  if (Number.isNaN(d.getTime())) throw new NormaliseError('BAD_TIMESTAMP', 'timestamp does not exist');
  return d;
}

/** The unit of a money column: 万元 (the registers' and the banks') or 元 (the tax bureau's). */
export type MoneyUnit = '万元' | '元';

/** Moves a plain decimal string's point: 4 multiplies by 10,000, -4 divides; exact, no float. */
function shiftDecimal(s: string, places: number): string {
  const negative = s.startsWith('-');
  const [int, frac = ''] = (negative ? s.slice(1) : s).split('.');
  const digits = int! + frac;
  const point = int!.length + places;
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits.padEnd(point, '0');
  const at = Math.max(point, 1);
  const whole = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const rest = padded.slice(at).replace(/0+$/, '');
  const out = rest ? `${whole}.${rest}` : whole;
  return negative && /[1-9]/.test(out) ? `-${out}` : out;
}

/**
 * A decimal amount as a string for a numeric column: `500`, `1,200.50`, `500万元`,
 * `500万人民币`, `500元`. Without `unit` (an area) a suffix only confirms the column's
 * unit. With it, a suffix naming the other unit converts: `5000元` in a 万元 column is
 * 0.5, `3万元` in a 元 column is 30000 — never the bare number in the wrong unit.
 */
export function parseAmount(raw: string | number | null | undefined, unit?: MoneyUnit): string | null {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw new NormaliseError('BAD_AMOUNT', 'amount is not a finite number');
    return String(raw);
  }
  if (blank(raw)) return null;
  const m = /^(.*?)(万元|万人民币|万|元|人民币)?$/.exec(raw.trim().normalize('NFKC').replace(/,/g, ''))!;
  const s = m[1]!.trim();
  if (!/^-?\d{1,15}(\.\d{1,6})?$/.test(s)) throw new NormaliseError('BAD_AMOUNT', 'amount is not a decimal number');
  const plain = s.replace(/^(-?)0+(?=\d)/, '$1');
  const written = m[2]?.startsWith('万') ? '万元' : m[2] === '元' ? '元' : null;
  if (!unit || !written || written === unit) return plain;
  return shiftDecimal(plain, unit === '元' ? 4 : -4);
}

/**
 * An area in square metres: a number, or one with its unit — `1532.40平方米`, `㎡`, `m²`,
 * `平米` as written; `1.5公顷` (×10,000) and `3亩` (×2000/3, to the centimetre²) converted.
 */
export function parseArea(raw: string | number | null | undefined): string | null {
  if (typeof raw === 'number' || blank(raw)) return parseAmount(raw);
  const m = /^(.*?)\s*(平方米|平米|m2|公顷|亩)?$/i.exec(raw.trim().normalize('NFKC'))!;
  const n = parseAmount(m[1]);
  if (n === null) throw new NormaliseError('BAD_AMOUNT', 'area has a unit but no number');
  const unit = m[2]?.toLowerCase();
  if (unit === '公顷') return shiftDecimal(n, 4);
  if (unit === '亩') return (Math.round((Number(n) * 2000 * 100) / 3) / 100).toString();
  return n;
}

/**
 * A share (权利比例) → percent string with at most 4 decimals: `50%`, `50`, `0.5` (a
 * decimal fraction: at most 1 and written with a point, `1.0` is the whole), `1/2` or
 * `1 / 3` (a fraction, 33.3333). `0.5%` is half a percent.
 */
export function parsePercent(raw: string | null | undefined): string | null {
  if (blank(raw)) return null;
  const s = raw.trim().normalize('NFKC');
  const fraction = /^(\d{1,9})\s*\/\s*(\d{1,9})$/.exec(s);
  const m = fraction ? null : /^(\d{1,3}(\.\d{1,4})?)\s*(%?)$/.exec(s);
  if (!fraction && !m) throw new NormaliseError('BAD_PERCENT', 'share is not a percentage or a fraction');
  if (fraction && Number(fraction[2]) === 0) throw new NormaliseError('BAD_PERCENT', 'share is a fraction over zero');
  const n = fraction ? (100 * Number(fraction[1])) / Number(fraction[2]) : m![2] && !m![3] && Number(m![1]) <= 1 ? 100 * Number(m![1]) : Number(m![1]);
  if (n > 100) throw new NormaliseError('BAD_PERCENT', 'share is over 100%');
  return String(Math.round(n * 10_000) / 10_000);
}

export function parseInteger(raw: string | number | null | undefined): number | null {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? raw : fail();
  if (blank(raw)) return null;
  const s = raw.trim();
  if (!/^-?\d{1,15}$/.test(s)) fail();
  return Number(s);
  function fail(): never {
    throw new NormaliseError('BAD_INTEGER', 'value is not an integer');
  }
}

/**
 * A 登记状态 as the public credit system writes it, reduced to the register's word: the
 * explanation in brackets dropped (`存续（在营、开业、在册）` is 存续), and a revocation
 * followed by deregistration (`吊销，已注销`) is 注销 while `吊销，未注销` stays 吊销. Other
 * text is returned as written (the caller checks it against the list).
 */
export function registerStatus(raw: string | null | undefined): string | null {
  if (blank(raw)) return null;
  const s = raw.normalize('NFKC').replace(/\s+/g, '').replace(/\(.*\)$/, '');
  if (/^吊销[,、]?已注销$/.test(s)) return '注销';
  if (/^吊销[,、]?未注销$/.test(s)) return '吊销';
  return s;
}

/** How registers name the resident identity card as a document type (证件类型). */
const RESIDENT_ID_TYPES = new Set(['身份证', '居民身份证', '中华人民共和国居民身份证', '二代身份证', '第二代居民身份证', '身份证号', '身份证号码']);

/** Whether a 证件类型 names the resident identity card (`身份证`, `居民身份证`, …), so its number is a GB 11643 ID number. */
export function isResidentIdType(raw: string | null | undefined): boolean {
  return !blank(raw) && RESIDENT_ID_TYPES.has(raw.normalize('NFKC').replace(/\s+/g, ''));
}

/** Trims and folds empty to null; keeps inner text as the source wrote it. */
export function text(raw: string | null | undefined): string | null {
  if (blank(raw)) return null;
  return raw.trim();
}
