/**
 * domain/records
 *
 * The one validation and normalisation step every record a connector hands to ingest
 * passes through. Connectors map their source's field names onto the inputs of
 * domain/record-types (values still as the source wrote them); `validateRecord` checks
 * national codes, parses dates and amounts (domain/record-checker) and either returns the
 * normalised record or a stable reason code for quarantine. Importers take the types from
 * here too.
 */
import { personInTin, validateUscc } from './identifiers/index.js';
import { formulaWarnings } from './formula.js';
import { isResidentIdType, parsePercent, registerStatus, text } from './normalise.js';
import { Checker, RecordRejection, type ValidateOptions, type ValidationResult } from './record-checker.js';
import {
  ARREARS_STATUSES, CREDIT_KINDS, ENTERPRISE_EVENT_KINDS, ENTERPRISE_STATUSES, LICENSE_STATUSES, LOAN_TYPES, PARCEL_STAGES, REGISTRATION_KINDS,
  TAX_RATINGS, TAXPAYER_STATUSES, type CanonicalRecord, type RecordInput, type RecordKind, type RegistrationHolder, type Str,
} from './record-types.js';

export * from './record-types.js';
export { RecordRejection, type ValidateOptions, type ValidationResult } from './record-checker.js';

/** The tax bureau's words as other systems of it write them: 正常户, 非正常, 已缴清, A级 … */
const TAX_WORDS: Readonly<Record<string, string>> = {
  正常户: '正常', 非正常: '非正常户', 注销户: '注销', 已注销: '注销', 已缴清: '已缴', 已缴纳: '已缴', 未缴纳: '未缴', 欠缴: '未缴',
};
const taxWord = (raw: string | null | undefined) => {
  const t = text(raw)?.normalize('NFKC');
  return t === undefined || t === null ? null : (TAX_WORDS[t] ?? t.replace(/^([A-DMa-dm])级$/, '$1'));
};

/** A yes/no column written as a letter or a digit. */
const YES_NO: Readonly<Record<string, '是' | '否'>> = { Y: '是', N: '否', YES: '是', NO: '否', 1: '是', 0: '否' };

const validators: { [K in RecordKind]: (c: Checker, i: Extract<RecordInput, { kind: K }>) => CanonicalRecord } = {
  enterprise(c, i) {
    const uscc = text(i.uscc) === null ? null : c.uscc('uscc', text(i.uscc)!);
    const regNo = c.regNo('regNo', i.regNo);
    if (!uscc && !regNo) throw new RecordRejection('MISSING_KEY', 'enterprise has neither a USCC nor a registration number');
    const idType = text(i.legalRepIdType);
    const legalRep = isResidentIdType(idType) && text(i.legalRepIdNumber) ? c.person('legalRepIdNumber', i.legalRepIdNumber, i.legalRepName) : null;
    return {
      kind: 'enterprise', uscc, regNo, name: c.required('name', i.name), entityType: text(i.entityType),
      legalRepName: text(i.legalRepName), legalRepIdType: idType, legalRep,
      registeredCapital: c.yuanAmount('registeredCapital', i.registeredCapital), establishedOn: c.date('establishedOn', i.establishedOn),
      status: c.oneOf('status', registerStatus(i.status), ENTERPRISE_STATUSES), address: text(i.address), divisionCode: c.division('divisionCode', i.divisionCode),
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
      areaM2: c.area('areaM2', i.areaM2), landUse: text(i.landUse), landUseName: text(i.landUseName), rightType: text(i.rightType),
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
        person: isResidentIdType(idType) ? c.person(f, h.idNumber, h.name) : null,
        shareMode: text(h.shareMode), sharePct: c.norm(`holders[${n}].share`, () => parsePercent(h.share)),
      };
    });
    const cancelsYwh = text(i.cancelsYwh);
    if (regType === '注销登记' && !cancelsYwh) throw new RecordRejection('MISSING_FIELD', 'a cancellation must name the registration it cancels');
    return {
      kind: 'registration', ywh: c.required('ywh', i.ywh), unitCode: u.value, parcelCode: u.parcelCode, fixtureType: u.fixtureType,
      certificateNo: text(i.certificateNo)?.normalize('NFKC') ?? null, regType, registeredAt: c.timestamp('registeredAt', i.registeredAt),
      usage: text(i.usage), areaM2: c.area('areaM2', i.areaM2), holders,
      mortgageeName: text(i.mortgageeName), mortgageeUscc: c.optionalUscc('mortgageeUscc', i.mortgageeUscc),
      securedAmount: c.amount('securedAmount', i.securedAmount, '万元'), cancelsYwh,
    };
  },
  license(c, i) {
    // The library's codes, or the document's own name (统一社会信用代码, 居民身份证 …).
    const named = isResidentIdType(i.holderIdType) ? 'ID_CARD' : text(i.holderIdType)?.replace(/\s+/g, '') === '统一社会信用代码' ? 'USCC' : i.holderIdType;
    const holderIdType = c.oneOf('holderIdType', named, ['USCC', 'ID_CARD'] as const);
    const holderId = c.required('holderId', i.holderId);
    return {
      kind: 'license', licenseId: c.license('licenseId', i.licenseId), typeCode: c.required('typeCode', i.typeCode),
      typeName: c.required('typeName', i.typeName), holderName: c.required('holderName', i.holderName), holderIdType,
      holderUscc: holderIdType === 'USCC' ? c.uscc('holderId', holderId) : null,
      holder: holderIdType === 'ID_CARD' ? c.person('holderId', holderId, i.holderName) : null,
      issuer: text(i.issuer), issuerUscc: c.optionalUscc('issuerUscc', i.issuerUscc), issuedOn: c.date('issuedOn', i.issuedOn),
      validFrom: c.date('validFrom', i.validFrom), validTo: c.endDate('validTo', i.validTo), status: c.oneOf('status', i.status, LICENSE_STATUSES),
      updatedAt: c.requiredTimestamp('updatedAt', i.updatedAt), fields: i.fields ?? null,
    };
  },
  'credit-record'(c, i) {
    const recordKind = c.oneOf('recordKind', i.recordKind, CREDIT_KINDS);
    const listStatus = text(i.listStatus);
    return {
      kind: 'credit-record', recordKind, docNo: c.required('docNo', i.docNo), subjectName: c.required('subjectName', i.subjectName),
      uscc: c.optionalUscc('uscc', i.uscc), category: text(i.category), content: text(i.content),
      fineAmount: c.amount('fineAmount', i.fineAmount, '万元'), decidedOn: c.date('decidedOn', i.decidedOn), authority: text(i.authority),
      authorityUscc: c.optionalUscc('authorityUscc', i.authorityUscc), publicityUntil: c.endDate('publicityUntil', i.publicityUntil),
      court: text(i.court), filedOn: c.date('filedOn', i.filedOn), publishedOn: c.date('publishedOn', i.publishedOn),
      withdrawn: listStatus === '已移出',
    };
  },
  loan(c, i) {
    // 是否首贷 as 是/否, or as a ledger's Y/N or 1/0.
    const first = c.oneOf('firstLoan', YES_NO[text(i.firstLoan)?.toUpperCase() ?? ''] ?? i.firstLoan, ['是', '否'] as const);
    return {
      kind: 'loan', borrowerUscc: c.uscc('borrowerUscc', c.required('borrowerUscc', i.borrowerUscc)),
      borrowerName: c.required('borrowerName', i.borrowerName), lenderName: c.required('lenderName', i.lenderName),
      lenderCode: c.required('lenderCode', i.lenderCode), contractNo: c.required('contractNo', i.contractNo),
      disbursedOn: c.date('disbursedOn', i.disbursedOn), maturesOn: c.date('maturesOn', i.maturesOn),
      amount: c.requiredAmount('amount', i.amount, '万元'), loanType: c.oneOf('loanType', text(i.loanType)?.replace(/(.)贷款$/, '$1') ?? null, LOAN_TYPES), firstLoan: first === '是',
    };
  },
  taxpayer(c, i) {
    const tin = c.required('tin', i.tin).toUpperCase();
    // A TIN that is (or holds) a person's ID number is a person's, even if it would also pass as a USCC: never linked as an enterprise.
    const asUscc = tin.length === 18 && !personInTin(tin) ? validateUscc(tin, { lenient: c.options.lenient }) : null;
    return {
      kind: 'taxpayer', tin, uscc: asUscc?.ok ? asUscc.value : null, name: c.required('name', i.name),
      status: c.oneOf('status', taxWord(i.status), TAXPAYER_STATUSES), taxOffice: text(i.taxOffice), industryCode: text(i.industryCode),
      updatedAt: c.requiredTimestamp('updatedAt', i.updatedAt),
    };
  },
  'tax-rating'(c, i) {
    return {
      kind: 'tax-rating', tin: c.required('tin', i.tin).toUpperCase(), year: c.integer('year', i.year),
      rating: c.oneOf('rating', taxWord(i.rating), TAX_RATINGS), updatedAt: c.requiredTimestamp('updatedAt', i.updatedAt),
    };
  },
  'tax-arrears'(c, i) {
    return {
      kind: 'tax-arrears', id: c.integer('id', i.id), tin: c.required('tin', i.tin).toUpperCase(), taxItem: c.required('taxItem', i.taxItem),
      amount: c.requiredAmount('amount', i.amount, '元'), since: c.date('since', i.since), status: c.oneOf('status', taxWord(i.status), ARREARS_STATUSES),
      updatedAt: c.requiredTimestamp('updatedAt', i.updatedAt),
    };
  },
  'tax-payment'(c, i) {
    const month = c.integer('month', i.month);
    if (month < 1 || month > 12) throw new RecordRejection('BAD_INTEGER', 'month must be 1-12');
    return {
      kind: 'tax-payment', tin: c.required('tin', i.tin).toUpperCase(), year: c.integer('year', i.year), month,
      taxItem: c.required('taxItem', i.taxItem), amount: c.requiredAmount('amount', i.amount, '元'), updatedAt: c.requiredTimestamp('updatedAt', i.updatedAt),
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
