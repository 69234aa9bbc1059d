/**
 * domain/record-types
 *
 * What the canonical records are: the closed code lists, the inputs connectors hand over
 * (values still as the source wrote them) and the normalised records ingest writes.
 * domain/records validates the one into the other.
 */

export type Str = string | null | undefined;
export type Num = string | number | null | undefined;

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
