/**
 * identifiers/result
 *
 * The shape every identifier check returns: a normalised value with warnings, or a typed
 * failure. Pure values, no exceptions, so ingest can quarantine and GraphQL can answer
 * with a stable code from the same result.
 */

/** Stable failure codes; they appear in quarantine reasons and GraphQL error extensions. */
export type IdentifierErrorCode =
  | 'EMPTY'
  | 'LENGTH'
  | 'CHARSET'
  | 'FORMAT'
  | 'CHECKSUM'
  | 'ORG_CODE_CHECKSUM'
  | 'DATE'
  | 'DIVISION'
  | 'PARCEL_MISMATCH';

export type IdentifierKind =
  | 'uscc'
  | 'registration-number'
  | 'resident-id'
  | 'parcel-code'
  | 'unit-code'
  | 'project-code'
  | 'license-id';

export interface IdentifierFailure {
  readonly ok: false;
  readonly kind: IdentifierKind;
  readonly code: IdentifierErrorCode;
  /** Human-readable; never contains the checked value (it may be personal data). */
  readonly message: string;
}

export interface IdentifierSuccess<D = Record<string, never>> {
  readonly ok: true;
  readonly kind: IdentifierKind;
  /** Normalised form: upper-case, half-width, no spaces or hyphens unless the format has them. */
  readonly value: string;
  /** Legacy or non-standard but real (e.g. a 6-digit e-license issuer). */
  readonly warnings: readonly string[];
  readonly details: D;
}

export type IdentifierResult<D = Record<string, never>> = IdentifierSuccess<D> | IdentifierFailure;

export const fail = (kind: IdentifierKind, code: IdentifierErrorCode, message: string): IdentifierFailure => ({
  ok: false,
  kind,
  code,
  message,
});

export const pass = <D>(kind: IdentifierKind, value: string, details: D, warnings: string[] = []): IdentifierSuccess<D> => ({
  ok: true,
  kind,
  value,
  warnings,
  details,
});

/** Full-width to half-width, trim, drop inner spaces, upper-case (identifiers.md §9.1). */
export function normaliseCode(raw: string, { keepHyphens = false, keepDots = false } = {}): string {
  let s = raw.normalize('NFKC').toUpperCase();
  s = s.replace(/\s+/g, '');
  if (!keepHyphens) s = s.replace(/-/g, '');
  if (!keepDots) s = s.replace(/\./g, '');
  return s;
}
