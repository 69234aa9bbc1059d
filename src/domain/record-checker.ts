/**
 * domain/record-checker
 *
 * The field checks every record's validator is made of: national codes (their warnings
 * kept), code lists, division codes, dates, amounts and integers — each failure a
 * RecordRejection with a stable reason code and the field's name in its message.
 */
import {
  validateLicenseId,
  validateParcelCode,
  validateProjectCode,
  validateResidentId,
  validateUnitCode,
  validateUscc,
  validateRegistrationNumber,
  type IdentifierResult,
} from './identifiers/index.js';
import { isKnownDivision } from './divisions.js';
import { NormaliseError, parseAmount, parseArea, parseDate, parseEndDate, parseInteger, parseTimestamp, text, type MoneyUnit } from './normalise.js';
import type { CanonicalRecord, Num, PersonRef, ProjectRef, Str } from './record-types.js';

/** A record that cannot be taken: the reason code is stable, the message says which field. */
export class RecordRejection extends Error {
  constructor(readonly reasonCode: string, message: string) {
    super(message);
  }
}

export interface ValidateOptions {
  /** Keep USCCs failing only the position-18 check (early pilot codes), flagged. */
  readonly lenient?: boolean;
}

export type ValidationResult =
  | { ok: true; record: CanonicalRecord; warnings: string[] }
  | { ok: false; reasonCode: string; reason: string };

/** An amount with a foreign currency after it: the number (with any 万), and the currency. */
const FOREIGN_AMOUNT = /^(-?[\d.,]+\s*万?)\s*(美元|港元|港币|欧元|日元|英镑|澳元|澳大利亚元|加元|加拿大元|新台币|台币|澳门元|澳门币|瑞士法郎|新加坡元|韩元)$/;

export class Checker {
  readonly warnings: string[] = [];
  constructor(readonly options: ValidateOptions) {}

  private code<D>(field: string, prefix: string, r: IdentifierResult<D>): string & { details?: D } {
    if (!r.ok) throw new RecordRejection(`${prefix}_${r.code}`, `${field}: ${r.message}`);
    for (const w of r.warnings) this.warnings.push(`${field}: ${w}`);
    return r.value;
  }
  required(field: string, v: Str): string {
    const t = text(v);
    if (t === null) throw new RecordRejection('MISSING_FIELD', `${field} is required`);
    return t;
  }
  /** One of a closed list, as written or in halfwidth (NFKC: `Ａ` is `A`) or upper case (`valid` is `VALID`). */
  oneOf<T extends string>(field: string, v: Str, allowed: readonly T[]): T {
    const t = this.required(field, v);
    const list = allowed as readonly string[];
    if (list.includes(t)) return t as T;
    const folded = t.normalize('NFKC');
    const found = list.includes(folded) ? folded : list.includes(folded.toUpperCase()) ? folded.toUpperCase() : null;
    if (found === null) throw new RecordRejection('BAD_ENUM', `${field} must be one of ${allowed.join(', ')}`);
    return found as T;
  }
  uscc(field: string, v: string): string {
    return this.code(field, 'USCC', validateUscc(v, { lenient: this.options.lenient }));
  }
  optionalUscc(field: string, v: Str): string | null {
    const t = text(v);
    return t === null ? null : this.uscc(field, t);
  }
  regNo(field: string, v: Str): string | null {
    const t = text(v);
    return t === null ? null : this.code(field, 'REG_NO', validateRegistrationNumber(t));
  }
  parcel(field: string, v: Str): { value: string; ownership: string; divisionCode: string } {
    const r = validateParcelCode(this.required(field, v));
    const value = this.code(field, 'PARCEL_CODE', r);
    return { value, ownership: r.ok ? r.details.ownership : '', divisionCode: r.ok ? r.details.divisionCode : '' };
  }
  unit(field: string, v: Str): { value: string; parcelCode: string; fixtureType: string } {
    const r = validateUnitCode(this.required(field, v));
    const value = this.code(field, 'UNIT_CODE', r);
    return { value, parcelCode: r.ok ? r.details.parcelCode : '', fixtureType: r.ok ? r.details.fixtureType : '' };
  }
  person(field: string, v: Str, name: Str): PersonRef {
    const r = validateResidentId(this.required(field, v));
    const idNumber = this.code(field, 'RESIDENT_ID', r);
    return { idNumber, holderKind: r.ok ? r.details.holderKind : 'resident', name: text(name) };
  }
  project(field: string, v: Str): ProjectRef | null {
    const t = text(v);
    if (t === null) return null;
    const r = validateProjectCode(t);
    const projectCode = this.code(field, 'PROJECT_CODE', r);
    if (!r.ok) throw new Error('unreachable');
    const { scheme, divisionCode, year, sectorCode, typeCode } = r.details;
    return { projectCode, scheme, divisionCode, year, sectorCode, typeCode };
  }
  license(field: string, v: Str): string {
    return this.code(field, 'LICENSE_ID', validateLicenseId(this.required(field, v)));
  }
  division(field: string, v: Str): string | null {
    const t = text(v);
    if (t === null) return null;
    if (!isKnownDivision(t)) throw new RecordRejection('BAD_DIVISION', `${field} is not a known GB/T 2260 division code`);
    return t;
  }
  /** Runs a normaliser and names the field in its error. */
  norm<T>(field: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof NormaliseError) throw new RecordRejection(e.reasonCode, `${field}: ${e.message}`);
      throw e;
    }
  }
  date(field: string, v: Str): string | null {
    return this.norm(field, () => parseDate(v));
  }
  /** A validity's end: null when the source says it has none (normalise/parseEndDate). */
  endDate(field: string, v: Str): string | null {
    return this.norm(field, () => parseEndDate(v));
  }
  timestamp(field: string, v: Str): Date | null {
    return this.norm(field, () => parseTimestamp(v));
  }
  requiredTimestamp(field: string, v: Str): Date {
    const d = this.timestamp(field, v);
    if (!d) throw new RecordRejection('MISSING_FIELD', `${field} is required`);
    return d;
  }
  /** An amount; with `unit`, one written in the other unit (`5000元` in a 万元 column) is converted. */
  amount(field: string, v: Num, unit?: MoneyUnit): string | null {
    return this.norm(field, () => parseAmount(v, unit));
  }
  /**
   * An amount in 万元 人民币, the column's unit (`5000元` is converted). One written in
   * another currency (`500万美元`, a foreign-invested firm's 注册资本) has no CNY figure:
   * null, with a warning naming it — the record is kept, its raw text holds the amount.
   */
  yuanAmount(field: string, v: Num): string | null {
    const foreign = typeof v === 'string' ? FOREIGN_AMOUNT.exec(v.trim().normalize('NFKC')) : null;
    if (!foreign) return this.amount(field, v, '万元');
    this.norm(field, () => parseAmount(foreign[1]!));
    this.warnings.push(`${field}: ${foreign[0]} is in ${foreign[2]}, not 人民币; no CNY figure is kept`);
    return null;
  }
  /** An area in m² (normalise/parseArea: a unit written after it is read or converted). */
  area(field: string, v: Num): string | null {
    return this.norm(field, () => parseArea(v));
  }
  requiredAmount(field: string, v: Num, unit?: MoneyUnit): string {
    const a = this.amount(field, v, unit);
    if (a === null) throw new RecordRejection('MISSING_FIELD', `${field} is required`);
    return a;
  }
  integer(field: string, v: Num): number {
    const n = this.norm(field, () => parseInteger(v));
    if (n === null) throw new RecordRejection('MISSING_FIELD', `${field} is required`);
    return n;
  }
}
