/**
 * records
 *
 * The canonical records every connector hands to ingest, and the one validation and
 * normalisation step they all pass through. Connectors map their source's field names
 * onto these inputs (values still as the source wrote them); `validateRecord` checks
 * national codes, parses dates and amounts, and either returns the normalised record or a
 * stable reason code for quarantine.
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
import { formulaWarnings } from './formula.js';
import { NormaliseError, parseAmount, parseDate, parseInteger, parsePercent, parseTimestamp, text } from './normalise.js';

type Str = string | null | undefined;
type Num = string | number | null | undefined;

export const ENTERPRISE_STATUSES = ['存续', '在业', '吊销', '注销', '迁出'] as const;
export const PARCEL_STAGES = [
  'PLANNING', 'SITE_PREAPPROVAL', 'LAND_USE_APPROVAL', 'LAND_SUPPLY', 'PLANNING_PERMIT',
  'CONSTRUCTION_PERMIT', 'COMPLETION_ACCEPTANCE', 'REGISTRATION',
] as const;
export const REGISTRATION_KINDS = ['首次登记', '转移登记', '变更登记', '抵押登记', '注销登记'] as const;
export const LICENSE_STATUSES = ['VALID', 'REVOKED', 'CANCELLED'] as const;
export const CREDIT_KINDS = ['LICENSING', 'PENALTY', 'DEFAULTER'] as const;
export const TAXPAYER_STATUSES = ['正常', '非正常户', '注销'] as const;
export const TAX_RATINGS = ['A', 'B', 'M', 'C', 'D'] as const;
export const ARREARS_STATUSES = ['未缴', '已缴'] as const;
export const LOAN_TYPES = ['信用', '抵押', '保证'] as const;

// ---------------------------------------------------------------- inputs (from connectors)

export const ENTERPRISE_EVENT_KINDS = ['SETUP', 'CHANGE', 'CANCEL', 'REVOKE'] as const;

export interface EnterpriseInput {
  kind: 'enterprise';
  /** Set when the record comes from the change feed. */
  event?: { kind: Str; seq: Num; occurredAt: Str } | null;
  /** When the source's view of the enterprise was current: the feed event's time, or the bulk file's date. */
  asOf?: Str;
  uscc: Str; regNo: Str; name: Str; entityType: Str;
  legalRepName: Str; legalRepIdType: Str; legalRepIdNumber: Str;
  registeredCapital: Num; establishedOn: Str; status: Str; address: Str; divisionCode: Str;
  industryCode: Str; registrationAuthority: Str; approvedOn: Str; deregisteredOn: Str;
}
export interface ParcelInput {
  kind: 'parcel';
  parcelCode: Str; divisionCode: Str; location: Str; areaM2: Num; landUse: Str; landUseName: Str; rightType: Str; updatedAt: Str;
}
export interface ParcelEventInput {
  kind: 'parcel-event';
  eventId: Num; parcelCode: Str; stage: Str; docNo: Str; date: Str; enterpriseUscc: Str; projectCode: Str;
  documents: { kind: Str; docNo: Str }[];
}
export interface RegistrationInput {
  kind: 'registration';
  ywh: Str; unitCode: Str; certificateNo: Str; regType: Str; registeredAt: Str; usage: Str; areaM2: Num;
  holders: { name: Str; idType: Str; idNumber: Str; shareMode: Str; share: Str }[];
  mortgageeName: Str; mortgageeUscc: Str; securedAmount: Num; cancelsYwh: Str;
}
export interface LicenseInput {
  kind: 'license';
  licenseId: Str; typeCode: Str; typeName: Str; holderName: Str; holderIdType: Str; holderId: Str;
  issuer: Str; issuerUscc: Str; issuedOn: Str; validFrom: Str; validTo: Str; status: Str; updatedAt: Str;
  fields: Record<string, unknown> | null;
}
export interface CreditRecordInput {
  kind: 'credit-record';
  recordKind: Str; docNo: Str; subjectName: Str; uscc: Str; category: Str; content: Str; fineAmount: Num;
  decidedOn: Str; authority: Str; authorityUscc: Str; publicityUntil: Str; court: Str; filedOn: Str; publishedOn: Str;
  /** 在列 / 已移出 for defaulters */
  listStatus: Str;
}
export interface LoanInput {
  kind: 'loan';
  borrowerUscc: Str; borrowerName: Str; lenderName: Str; lenderCode: Str; contractNo: Str; disbursedOn: Str;
  maturesOn: Str; amount: Num; loanType: Str; firstLoan: Str;
}
export interface TaxpayerInput {
  kind: 'taxpayer'; tin: Str; name: Str; status: Str; taxOffice: Str; industryCode: Str; updatedAt: Str;
}
export interface TaxRatingInput { kind: 'tax-rating'; tin: Str; year: Num; rating: Str; updatedAt: Str }
export interface TaxArrearsInput {
  kind: 'tax-arrears'; id: Num; tin: Str; taxItem: Str; amount: Num; since: Str; status: Str; updatedAt: Str;
}
export interface TaxPaymentInput {
  kind: 'tax-payment'; tin: Str; year: Num; month: Num; taxItem: Str; amount: Num; updatedAt: Str;
}

export type RecordInput =
  | EnterpriseInput | ParcelInput | ParcelEventInput | RegistrationInput | LicenseInput | CreditRecordInput
  | LoanInput | TaxpayerInput | TaxRatingInput | TaxArrearsInput | TaxPaymentInput;
export type RecordKind = RecordInput['kind'];

// ---------------------------------------------------------------- normalised records

export interface PersonRef { idNumber: string; holderKind: string; name: string | null }

export interface Enterprise {
  kind: 'enterprise';
  uscc: string | null; regNo: string | null; name: string; entityType: string | null;
  legalRepName: string | null; legalRepIdType: string | null; legalRep: PersonRef | null;
  registeredCapital: string | null; establishedOn: string | null; status: (typeof ENTERPRISE_STATUSES)[number];
  address: string | null; divisionCode: string | null; industryCode: string | null; registrationAuthority: string | null;
  approvedOn: string | null; deregisteredOn: string | null;
  event: { kind: (typeof ENTERPRISE_EVENT_KINDS)[number]; seq: number; occurredAt: Date } | null;
  asOf: Date | null;
}
export interface Parcel {
  kind: 'parcel';
  parcelCode: string; divisionCode: string; ownership: string; location: string | null; areaM2: string | null;
  landUse: string | null; landUseName: string | null; rightType: string | null; updatedAt: Date | null;
}
export interface ProjectRef {
  projectCode: string; scheme: 'legacy' | 'gb40058'; divisionCode: string; year: number; sectorCode: string; typeCode: string;
}
export interface ParcelEvent {
  kind: 'parcel-event';
  eventId: number; parcelCode: string; stage: (typeof PARCEL_STAGES)[number]; docNo: string | null; date: string | null;
  enterpriseUscc: string | null; project: ProjectRef | null; documents: { kind: string; docNo: string }[];
}
export interface RegistrationHolder {
  name: string; idType: string; uscc: string | null; person: PersonRef | null; shareMode: string | null; sharePct: string | null;
}
export interface Registration {
  kind: 'registration';
  ywh: string; unitCode: string; parcelCode: string; fixtureType: string; certificateNo: string | null;
  regType: (typeof REGISTRATION_KINDS)[number]; registeredAt: Date | null; usage: string | null; areaM2: string | null;
  holders: RegistrationHolder[]; mortgageeName: string | null; mortgageeUscc: string | null; securedAmount: string | null;
  cancelsYwh: string | null;
}
export interface License {
  kind: 'license';
  licenseId: string; typeCode: string; typeName: string; holderName: string; holderIdType: 'USCC' | 'ID_CARD';
  holderUscc: string | null; holder: PersonRef | null; issuer: string | null; issuerUscc: string | null;
  issuedOn: string | null; validFrom: string | null; validTo: string | null; status: (typeof LICENSE_STATUSES)[number];
  updatedAt: Date; fields: Record<string, unknown> | null;
}
export interface CreditRecord {
  kind: 'credit-record';
  recordKind: (typeof CREDIT_KINDS)[number]; docNo: string; subjectName: string; uscc: string | null;
  category: string | null; content: string | null; fineAmount: string | null; decidedOn: string | null;
  authority: string | null; authorityUscc: string | null; publicityUntil: string | null; court: string | null;
  filedOn: string | null; publishedOn: string | null; withdrawn: boolean;
}
export interface Loan {
  kind: 'loan';
  borrowerUscc: string; borrowerName: string; lenderName: string; lenderCode: string; contractNo: string;
  disbursedOn: string | null; maturesOn: string | null; amount: string; loanType: (typeof LOAN_TYPES)[number]; firstLoan: boolean;
}
export interface Taxpayer {
  kind: 'taxpayer'; tin: string; uscc: string | null; name: string; status: (typeof TAXPAYER_STATUSES)[number];
  taxOffice: string | null; industryCode: string | null; updatedAt: Date;
}
export interface TaxRating { kind: 'tax-rating'; tin: string; year: number; rating: (typeof TAX_RATINGS)[number]; updatedAt: Date }
export interface TaxArrears {
  kind: 'tax-arrears'; id: number; tin: string; taxItem: string; amount: string; since: string | null;
  status: (typeof ARREARS_STATUSES)[number]; updatedAt: Date;
}
export interface TaxPayment {
  kind: 'tax-payment'; tin: string; year: number; month: number; taxItem: string; amount: string; updatedAt: Date;
}

export type CanonicalRecord =
  | Enterprise | Parcel | ParcelEvent | Registration | License | CreditRecord | Loan | Taxpayer | TaxRating | TaxArrears | TaxPayment;

// ---------------------------------------------------------------- validation

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

class Checker {
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
  oneOf<T extends string>(field: string, v: Str, allowed: readonly T[]): T {
    const t = this.required(field, v);
    if (!(allowed as readonly string[]).includes(t)) throw new RecordRejection('BAD_ENUM', `${field} must be one of ${allowed.join(', ')}`);
    return t as T;
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
  timestamp(field: string, v: Str): Date | null {
    return this.norm(field, () => parseTimestamp(v));
  }
  requiredTimestamp(field: string, v: Str): Date {
    const d = this.timestamp(field, v);
    if (!d) throw new RecordRejection('MISSING_FIELD', `${field} is required`);
    return d;
  }
  amount(field: string, v: Num): string | null {
    return this.norm(field, () => parseAmount(v));
  }
  requiredAmount(field: string, v: Num): string {
    const a = this.amount(field, v);
    if (a === null) throw new RecordRejection('MISSING_FIELD', `${field} is required`);
    return a;
  }
  integer(field: string, v: Num): number {
    const n = this.norm(field, () => parseInteger(v));
    if (n === null) throw new RecordRejection('MISSING_FIELD', `${field} is required`);
    return n;
  }
}

const validators: { [K in RecordKind]: (c: Checker, i: Extract<RecordInput, { kind: K }>) => CanonicalRecord } = {
  enterprise(c, i) {
    const uscc = text(i.uscc) === null ? null : c.uscc('uscc', text(i.uscc)!);
    const regNo = c.regNo('regNo', i.regNo);
    if (!uscc && !regNo) throw new RecordRejection('MISSING_KEY', 'enterprise has neither a USCC nor a registration number');
    const idType = text(i.legalRepIdType);
    const legalRep = idType === '身份证' && text(i.legalRepIdNumber) ? c.person('legalRepIdNumber', i.legalRepIdNumber, i.legalRepName) : null;
    return {
      kind: 'enterprise', uscc, regNo, name: c.required('name', i.name), entityType: text(i.entityType),
      legalRepName: text(i.legalRepName), legalRepIdType: idType, legalRep,
      registeredCapital: c.amount('registeredCapital', i.registeredCapital), establishedOn: c.date('establishedOn', i.establishedOn),
      status: c.oneOf('status', i.status, ENTERPRISE_STATUSES), address: text(i.address), divisionCode: c.division('divisionCode', i.divisionCode),
      industryCode: text(i.industryCode), registrationAuthority: text(i.registrationAuthority),
      approvedOn: c.date('approvedOn', i.approvedOn), deregisteredOn: c.date('deregisteredOn', i.deregisteredOn),
      event: i.event
        ? { kind: c.oneOf('event', i.event.kind, ENTERPRISE_EVENT_KINDS), seq: c.integer('seq', i.event.seq), occurredAt: c.requiredTimestamp('occurredAt', i.event.occurredAt) }
        : null,
      asOf: c.timestamp('asOf', i.asOf ?? i.event?.occurredAt),
    };
  },
  parcel(c, i) {
    const p = c.parcel('parcelCode', i.parcelCode);
    const division = c.division('divisionCode', i.divisionCode) ?? p.divisionCode;
    if (division !== p.divisionCode) throw new RecordRejection('PARCEL_DIVISION_MISMATCH', 'divisionCode differs from the parcel code\'s division');
    return {
      kind: 'parcel', parcelCode: p.value, divisionCode: division, ownership: p.ownership, location: text(i.location),
      areaM2: c.amount('areaM2', i.areaM2), landUse: text(i.landUse), landUseName: text(i.landUseName), rightType: text(i.rightType),
      updatedAt: c.timestamp('updatedAt', i.updatedAt),
    };
  },
  'parcel-event'(c, i) {
    const documents = (i.documents ?? []).map((d, n) => ({ kind: c.required(`documents[${n}].kind`, d.kind), docNo: c.required(`documents[${n}].docNo`, d.docNo) }));
    return {
      kind: 'parcel-event', eventId: c.integer('eventId', i.eventId), parcelCode: c.parcel('parcelCode', i.parcelCode).value,
      stage: c.oneOf('stage', i.stage, PARCEL_STAGES), docNo: text(i.docNo), date: c.date('date', i.date),
      enterpriseUscc: c.optionalUscc('enterpriseUscc', i.enterpriseUscc), project: c.project('projectCode', i.projectCode),
      documents: dedupe(documents, (d) => `${d.kind}\u0000${d.docNo}`),
    };
  },
  registration(c, i) {
    const u = c.unit('unitCode', i.unitCode);
    const regType = c.oneOf('regType', i.regType, REGISTRATION_KINDS);
    const holders = (i.holders ?? []).map((h, n): RegistrationHolder => {
      const idType = c.required(`holders[${n}].idType`, h.idType);
      const f = `holders[${n}].idNumber`;
      return {
        name: c.required(`holders[${n}].name`, h.name), idType,
        uscc: idType === '统一社会信用代码' ? c.uscc(f, c.required(f, h.idNumber)) : null,
        person: idType === '身份证' ? c.person(f, h.idNumber, h.name) : null,
        shareMode: text(h.shareMode), sharePct: c.norm(`holders[${n}].share`, () => parsePercent(h.share)),
      };
    });
    const cancelsYwh = text(i.cancelsYwh);
    if (regType === '注销登记' && !cancelsYwh) throw new RecordRejection('MISSING_FIELD', 'a cancellation must name the registration it cancels');
    return {
      kind: 'registration', ywh: c.required('ywh', i.ywh), unitCode: u.value, parcelCode: u.parcelCode, fixtureType: u.fixtureType,
      certificateNo: text(i.certificateNo)?.normalize('NFKC') ?? null, regType, registeredAt: c.timestamp('registeredAt', i.registeredAt),
      usage: text(i.usage), areaM2: c.amount('areaM2', i.areaM2), holders,
      mortgageeName: text(i.mortgageeName), mortgageeUscc: c.optionalUscc('mortgageeUscc', i.mortgageeUscc),
      securedAmount: c.amount('securedAmount', i.securedAmount), cancelsYwh,
    };
  },
  license(c, i) {
    const holderIdType = c.oneOf('holderIdType', i.holderIdType, ['USCC', 'ID_CARD'] as const);
    const holderId = c.required('holderId', i.holderId);
    return {
      kind: 'license', licenseId: c.license('licenseId', i.licenseId), typeCode: c.required('typeCode', i.typeCode),
      typeName: c.required('typeName', i.typeName), holderName: c.required('holderName', i.holderName), holderIdType,
      holderUscc: holderIdType === 'USCC' ? c.uscc('holderId', holderId) : null,
      holder: holderIdType === 'ID_CARD' ? c.person('holderId', holderId, i.holderName) : null,
      issuer: text(i.issuer), issuerUscc: c.optionalUscc('issuerUscc', i.issuerUscc), issuedOn: c.date('issuedOn', i.issuedOn),
      validFrom: c.date('validFrom', i.validFrom), validTo: c.date('validTo', i.validTo), status: c.oneOf('status', i.status, LICENSE_STATUSES),
      updatedAt: c.requiredTimestamp('updatedAt', i.updatedAt), fields: i.fields ?? null,
    };
  },
  'credit-record'(c, i) {
    const recordKind = c.oneOf('recordKind', i.recordKind, CREDIT_KINDS);
    const listStatus = text(i.listStatus);
    return {
      kind: 'credit-record', recordKind, docNo: c.required('docNo', i.docNo), subjectName: c.required('subjectName', i.subjectName),
      uscc: c.optionalUscc('uscc', i.uscc), category: text(i.category), content: text(i.content),
      fineAmount: c.amount('fineAmount', i.fineAmount), decidedOn: c.date('decidedOn', i.decidedOn), authority: text(i.authority),
      authorityUscc: c.optionalUscc('authorityUscc', i.authorityUscc), publicityUntil: c.date('publicityUntil', i.publicityUntil),
      court: text(i.court), filedOn: c.date('filedOn', i.filedOn), publishedOn: c.date('publishedOn', i.publishedOn),
      withdrawn: listStatus === '已移出',
    };
  },
  loan(c, i) {
    const first = c.oneOf('firstLoan', i.firstLoan, ['是', '否'] as const);
    return {
      kind: 'loan', borrowerUscc: c.uscc('borrowerUscc', c.required('borrowerUscc', i.borrowerUscc)),
      borrowerName: c.required('borrowerName', i.borrowerName), lenderName: c.required('lenderName', i.lenderName),
      lenderCode: c.required('lenderCode', i.lenderCode), contractNo: c.required('contractNo', i.contractNo),
      disbursedOn: c.date('disbursedOn', i.disbursedOn), maturesOn: c.date('maturesOn', i.maturesOn),
      amount: c.requiredAmount('amount', i.amount), loanType: c.oneOf('loanType', i.loanType, LOAN_TYPES), firstLoan: first === '是',
    };
  },
  taxpayer(c, i) {
    const tin = c.required('tin', i.tin).toUpperCase();
    const asUscc = tin.length === 18 ? validateUscc(tin, { lenient: c.options.lenient }) : null;
    return {
      kind: 'taxpayer', tin, uscc: asUscc?.ok ? asUscc.value : null, name: c.required('name', i.name),
      status: c.oneOf('status', i.status, TAXPAYER_STATUSES), taxOffice: text(i.taxOffice), industryCode: text(i.industryCode),
      updatedAt: c.requiredTimestamp('updatedAt', i.updatedAt),
    };
  },
  'tax-rating'(c, i) {
    return {
      kind: 'tax-rating', tin: c.required('tin', i.tin).toUpperCase(), year: c.integer('year', i.year),
      rating: c.oneOf('rating', i.rating, TAX_RATINGS), updatedAt: c.requiredTimestamp('updatedAt', i.updatedAt),
    };
  },
  'tax-arrears'(c, i) {
    return {
      kind: 'tax-arrears', id: c.integer('id', i.id), tin: c.required('tin', i.tin).toUpperCase(), taxItem: c.required('taxItem', i.taxItem),
      amount: c.requiredAmount('amount', i.amount), since: c.date('since', i.since), status: c.oneOf('status', i.status, ARREARS_STATUSES),
      updatedAt: c.requiredTimestamp('updatedAt', i.updatedAt),
    };
  },
  'tax-payment'(c, i) {
    const month = c.integer('month', i.month);
    if (month < 1 || month > 12) throw new RecordRejection('BAD_INTEGER', 'month must be 1-12');
    return {
      kind: 'tax-payment', tin: c.required('tin', i.tin).toUpperCase(), year: c.integer('year', i.year), month,
      taxItem: c.required('taxItem', i.taxItem), amount: c.requiredAmount('amount', i.amount), updatedAt: c.requiredTimestamp('updatedAt', i.updatedAt),
    };
  },
};

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const it of items) seen.set(key(it), it);
  return [...seen.values()];
}

/** Validate and normalise one record from any source. Never throws for bad data. */
export function validateRecord(input: RecordInput, options: ValidateOptions = {}): ValidationResult {
  const checker = new Checker(options);
  try {
    const fn = validators[input.kind] as (c: Checker, i: RecordInput) => CanonicalRecord;
    if (!fn) return { ok: false, reasonCode: 'UNKNOWN_RECORD_KIND', reason: 'record kind is not known to the hub' };
    const record = fn(checker, input);
    return { ok: true, record, warnings: [...checker.warnings, ...formulaWarnings(record)] };
  } catch (e) {
    if (e instanceof RecordRejection) return { ok: false, reasonCode: e.reasonCode, reason: e.message };
    throw e;
  }
}

/**
 * The key a full-list row names, read the way the validators read it, even when the rest
 * of the row fails validation: `['PENALTY', '合市监罚〔2026〕7号']` or `[lender code, contract
 * no]`. Null when the key itself cannot be read (then the row may be any record of its list).
 */
export function listKeyOf(input: RecordInput): readonly [string, string] | null {
  const clean = (v: Str) => {
    const t = text(v);
    return t !== null && !t.includes('\u0000') ? t : null;
  };
  if (input.kind === 'credit-record') {
    const kind = text(input.recordKind);
    const docNo = clean(input.docNo);
    return kind && (CREDIT_KINDS as readonly string[]).includes(kind) && docNo ? [kind, docNo] : null;
  }
  if (input.kind === 'loan') {
    const lender = clean(input.lenderCode);
    const contract = clean(input.contractNo);
    return lender && contract ? [lender, contract] : null;
  }
  return null;
}
