/**
 * identifiers/license-id
 *
 * E-license identifier (电子证照标识, GB/T 36904-2018):
 * `1.2.156.3005.2.<type 21>.<issuer 18>.<serial>.<version 3>.<check>`, check = ISO 7064
 * MOD 37,36 over type+issuer+serial+version. Some cities put a 6-digit division where the
 * issuer USCC belongs: accepted with a warning.
 */
import { mod37_36 } from './iso7064.js';
import { fail, normaliseCode, pass, type IdentifierResult } from './result.js';

export const LICENSE_OID_PREFIX = '1.2.156.3005.2';

export interface LicenseIdDetails {
  readonly typeCode: string;
  readonly issuerCode: string;
  readonly serial: string;
  readonly version: string;
}

export function validateLicenseId(raw: string): IdentifierResult<LicenseIdDetails> {
  const kind = 'license-id';
  const v = normaliseCode(raw, { keepDots: true });
  if (v.length === 0) return fail(kind, 'EMPTY', 'license identifier is empty');
  if (!v.startsWith(`${LICENSE_OID_PREFIX}.`)) return fail(kind, 'FORMAT', `license identifier must start with ${LICENSE_OID_PREFIX}`);
  const parts = v.slice(LICENSE_OID_PREFIX.length + 1).split('.');
  if (parts.length !== 5) return fail(kind, 'FORMAT', 'license identifier must have type, issuer, serial, version and check segments');
  const [typeCode, issuerCode, serial, version, check] = parts as [string, string, string, string, string];
  if (!/^[0-9A-Z]{21}$/.test(typeCode)) return fail(kind, 'FORMAT', 'license type code must be 21 characters');
  if (!/^[0-9A-Z]+$/.test(serial) || serial.length > 40) return fail(kind, 'FORMAT', 'license serial must be 1-40 characters of 0-9A-Z');
  if (!/^\d{3}$/.test(version)) return fail(kind, 'FORMAT', 'license version must be 3 digits');
  if (!/^[0-9A-Z]$/.test(check)) return fail(kind, 'FORMAT', 'license check segment must be one character');
  const warnings: string[] = [];
  if (/^\d{6}$/.test(issuerCode)) warnings.push('license issuer segment is a 6-digit division code, not a USCC');
  else if (!/^[0-9A-Z]{18}$/.test(issuerCode)) return fail(kind, 'FORMAT', 'license issuer must be an 18-char USCC or a 6-digit division');
  if (mod37_36(typeCode + issuerCode + serial + version) !== check) {
    return fail(kind, 'CHECKSUM', 'license identifier check character does not match');
  }
  return pass(kind, v, { typeCode, issuerCode, serial, version }, warnings);
}
