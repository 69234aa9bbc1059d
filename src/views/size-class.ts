/**
 * views/size-class
 *
 * 小微企业: an enterprise's size class by the configured rule (views/settings), as a pure
 * function and as the same rule in SQL, so the no-loan list, its statistics, the profile
 * and the alerts all classify a firm alike. An unknown capital gives no class (UNKNOWN):
 * such a firm is never listed as small or micro.
 */
import { literal } from '../db/sql-parts.js';
import type { SizeRule } from './settings.js';

export const SIZE_CLASSES = ['MICRO', 'SMALL', 'MEDIUM_LARGE', 'UNKNOWN'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

/** The thresholds that apply to `industryCode`: the longest configured prefix, else the default. */
export function bandFor(rule: SizeRule, industryCode: string | null): { micro: number; small: number; matched: string | null } {
  let best: { micro: number; small: number; matched: string | null } = { ...rule.default, matched: null };
  for (const b of rule.bands) {
    for (const prefix of b.industries) {
      if (industryCode?.startsWith(prefix) && prefix.length > (best.matched?.length ?? 0)) best = { micro: b.micro, small: b.small, matched: prefix };
    }
  }
  return best;
}

export function sizeClassOf(rule: SizeRule, e: { registeredCapital: number | string | null; industryCode: string | null; entityType: string | null }): SizeClass {
  if (e.entityType && rule.microEntityTypes.some((t) => e.entityType!.includes(t))) return 'MICRO';
  if (e.registeredCapital === null || e.registeredCapital === '') return 'UNKNOWN';
  const capital = Number(e.registeredCapital);
  if (!Number.isFinite(capital)) return 'UNKNOWN';
  const band = bandFor(rule, e.industryCode);
  return capital <= band.micro ? 'MICRO' : capital <= band.small ? 'SMALL' : 'MEDIUM_LARGE';
}

const num = (n: number) => String(Number(n));

/** The rule as a SQL expression over an enterprise's columns (`capital`, `industry`, `entityType` are SQL expressions). */
export function sizeClassSql(rule: SizeRule, capital: string, industry: string, entityType: string): string {
  const grade = (b: { micro: number; small: number }) =>
    `CASE WHEN ${capital} <= ${num(b.micro)} THEN 'MICRO' WHEN ${capital} <= ${num(b.small)} THEN 'SMALL' ELSE 'MEDIUM_LARGE' END`;
  // Longest prefixes first, as bandFor decides.
  const prefixes = rule.bands.flatMap((b) => b.industries.map((p) => ({ p, b }))).sort((x, y) => y.p.length - x.p.length);
  const byIndustry = prefixes.length
    ? `CASE ${prefixes.map(({ p, b }) => `WHEN left(${industry}, ${p.length}) = ${literal(p)} THEN ${grade(b)}`).join(' ')} ELSE ${grade(rule.default)} END`
    : grade(rule.default);
  const micro = rule.microEntityTypes.map((t) => `strpos(coalesce(${entityType}, ''), ${literal(t)}) > 0`);
  return `(CASE${micro.length ? ` WHEN ${micro.join(' OR ')} THEN 'MICRO'` : ''} WHEN ${capital} IS NULL THEN 'UNKNOWN' ELSE ${byIndustry} END)`;
}
