/**
 * policy/classes
 *
 * What data is, whatever type or route it is read through. Every leaf field of the schema
 * carries one of these classes (declared beside it, src/graphql/data-class.ts), and a
 * department's policy says per class: allow, mask or deny. The same kind of value — a
 * natural person's name on a Person, on an Enterprise as its legal representative, on a
 * license or a registration — gets the same decision everywhere. Pure.
 */

export const DATA_CLASSES = {
  STRUCTURE: 'Paging and plumbing: cursors, page info, totals of what the caller may see. Always allowed, never configured.',
  PUBLIC_REGISTER: 'What public registers publish: enterprises’ names, codes, status, addresses and events; e-licenses; investment projects.',
  PERSON_NAME: 'A natural person’s name, wherever it appears (legal representatives, license and credit-record holders, property holders).',
  PERSON_ID: 'A natural person’s identity: the (masked) ID number, its kind, the person’s global id.',
  TAX: 'The tax bureau’s data: tax registration, credit ratings, arrears, payments.',
  FINANCIAL: 'Bank loans: borrowers, lenders, contracts, amounts.',
  CREDIT_PENALTY: 'The credit platform’s records: 双公示 licensing and penalty decisions, court defaulters.',
  PROPERTY: 'Land and real estate: parcels, lifecycle events and documents, units, registrations, holders’ shares, mortgages.',
  ALERT: 'Alerts and change notices (each also bound to the class of the fact it reports).',
  PROVENANCE: 'Where a value came from: source, key in the source, fetch time, content hash.',
  OPERATIONS: 'Running the hub: sources, sync runs, quarantine, alert rules, keys.',
  AUDIT: 'The read audit: who read what, when and why.',
} as const;

export type DataClassName = keyof typeof DATA_CLASSES;

export const DATA_CLASS_NAMES = Object.keys(DATA_CLASSES) as DataClassName[];

export const isDataClass = (v: unknown): v is DataClassName => typeof v === 'string' && v in DATA_CLASSES;

/** The class of the fact each alert kind reports: an alert is seen only by who may read that class. */
export const ALERT_KIND_CLASSES: Readonly<Record<string, DataClassName>> = {
  ADMIN_PENALTY: 'CREDIT_PENALTY', COURT_DEFAULTER: 'CREDIT_PENALTY', DEREGISTERED_WITH_VALID_LICENSES: 'PUBLIC_REGISTER',
  LICENSE_EXPIRING: 'PUBLIC_REGISTER', NEW_MORTGAGE: 'PROPERTY', PARCEL_STALLED: 'PROPERTY', TAX_ARREARS: 'TAX', TAX_RATING_D: 'TAX',
  NO_LOAN_LISTED: 'FINANCIAL', FIRST_LOAN_GRANTED: 'FINANCIAL',
  // A policy's criterion may test tax data (a rating, payments): whether a firm meets it is read as TAX.
  POLICY_ELIGIBLE: 'TAX',
};

/** The class of each kind of record a change notice reports (entity_change.entity_type). */
export const CHANGE_TYPE_CLASSES: Readonly<Record<string, DataClassName>> = {
  Enterprise: 'PUBLIC_REGISTER', License: 'PUBLIC_REGISTER', LandParcel: 'PROPERTY', ParcelEvent: 'PROPERTY', RealEstateUnit: 'PROPERTY',
  Registration: 'PROPERTY', CreditRecord: 'CREDIT_PENALTY', Loan: 'FINANCIAL', TaxProfile: 'TAX', TaxRating: 'TAX', TaxArrears: 'TAX', TaxPayment: 'TAX',
};
