/**
 * identifiers
 *
 * The one module that validates national identifiers. Pure: no I/O, no clock, no globals.
 */
export * from './result.js';
export { mod11_2, mod11_10, mod37_36 } from './iso7064.js';
export { validateUscc, validateRegistrationNumber, usccCheck, orgCodeCheck, USCC_CHARSET } from './uscc.js';
export type { UsccDetails, UsccOptions } from './uscc.js';
export { validateResidentId, maskResidentId } from './resident-id.js';
export type { ResidentIdDetails, ResidentIdKind } from './resident-id.js';
export { personInTin, tinPseudonym, TIN_PSEUDONYM } from './taxpayer-id.js';
export type { PersonTin } from './taxpayer-id.js';
export { validateParcelCode, validateUnitCode, unitBelongsToParcel } from './parcel-code.js';
export type { ParcelCodeDetails, UnitCodeDetails } from './parcel-code.js';
export { validateProjectCode } from './project-code.js';
export type { ProjectCodeDetails } from './project-code.js';
export { validateLicenseId, LICENSE_OID_PREFIX } from './license-id.js';
export type { LicenseIdDetails } from './license-id.js';
