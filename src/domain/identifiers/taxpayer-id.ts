/**
 * identifiers/taxpayer-id
 *
 * A 纳税人识别号 that carries a person's resident ID number: a natural person's TIN is the
 * ID number itself, and an individual business registered before the USCC had the ID
 * number and a two-digit sequence. The hub never stores or serves such a number; it keeps
 * a keyed pseudonym in its place. This module only recognises one and spells the
 * pseudonym from a keyed hash; the key is the ingest keyring's, never seen here.
 */
import { normaliseCode } from './result.js';
import { validateResidentId } from './resident-id.js';

export interface PersonTin {
  /** The resident ID number the TIN carries (normalised). */
  readonly idNumber: string;
  /** The TIN's two-digit sequence after it, or ''. */
  readonly suffix: string;
}

/** How a person's TIN is kept: `P-`, 40 upper-case hex digits of the keyed hash, then the sequence. */
export const TIN_PSEUDONYM = /^P-[0-9A-F]{40}(\d{2})?$/;

/** The resident ID number a TIN carries, or null when it carries none (an enterprise's USCC, an old tax code). */
export function personInTin(tin: string): PersonTin | null {
  const v = normaliseCode(tin);
  if (v.length === 18 && validateResidentId(v).ok) return { idNumber: v, suffix: '' };
  if (v.length === 20 && /\d\d$/.test(v) && validateResidentId(v.slice(0, 18)).ok) return { idNumber: v.slice(0, 18), suffix: v.slice(18) };
  return null;
}

/** The pseudonym stored for a person's TIN, from the keyed hash (hex) of its ID number. */
export const tinPseudonym = (personHash: string, suffix: string): string => `P-${personHash.slice(0, 40).toUpperCase()}${suffix}`;
