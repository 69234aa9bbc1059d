/**
 * graphql/identifier-args
 *
 * Argument checks for national codes: the identifiers module decides, and a failure
 * becomes INVALID_IDENTIFIER with the check that failed (never the value).
 */
import type { IdentifierResult } from '../domain/identifiers/index.js';
import { InvalidIdentifierError } from './errors.js';

/** A valid identifier's normalised form, or null (for a planner lookup: the resolver then answers, with its error). */
export const validKey = <D>(result: IdentifierResult<D>): string | null => (result.ok ? result.value : null);

export function requireValid<D>(result: IdentifierResult<D>): string {
  if (!result.ok) throw new InvalidIdentifierError(result.kind, result.code, `Invalid ${result.kind}: ${result.message}`);
  return result.value;
}
