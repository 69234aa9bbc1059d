/**
 * views/land-indicators
 *
 * 标准地 indicators of industrial land (land use 06…): 亩均税收 — the tax paid in the last
 * 12 calendar months by the enterprises holding the parcel (views/holdings), in 万元,
 * divided by its area in 亩 (1 亩 = 666.67 m², i.e. 10,000/15 m²) — and whether it meets
 * the target configured for its county (or city, or province) and land use. An enterprise
 * holding several parcels counts its whole tax toward each, as the measure is defined per
 * parcel. SQL for a batch of parcels and for a county's ranking; the target is matched in
 * code. Pure.
 */
import { holdersOf } from './holdings.js';
import { activeSince } from './no-loan.js';
import type { ViewSettings } from './settings.js';

/** 1 亩 in m². */
export const MU_M2 = 10_000 / 15;

/** Parcel columns with `tax_paid` (元) over `p`, a land_parcel row; the caller adds FROM/WHERE. */
export function taxPaidSql(today: string, p: string): string {
  const since = activeSince(today, 12);
  return `(SELECT coalesce(sum(t.amount), 0) FROM tax_payment t WHERE t.tin IN (${holdersOf(`${p}.parcel_code`)}) AND (t.year, t.month) >= (${since.year}, ${since.month}))`;
}

/** 亩均税收, 万元 per 亩, as SQL (for ordering a ranking). */
export const taxPerMuSql = (today: string, p: string): string => `(${taxPaidSql(today, p)} / 10000.0 / nullif(${p}.area_m2 / ${MU_M2}, 0))`;

export const isIndustrial = (landUse: string | null): boolean => !!landUse?.startsWith('06');

/** The target for a parcel: the most specific division covering it, then the longest land-use prefix. */
export function targetFor(v: ViewSettings, divisionCode: string, landUse: string | null): number | null {
  const covers = (d: string) => (d.endsWith('0000') ? divisionCode.startsWith(d.slice(0, 2)) : d.endsWith('00') ? divisionCode.startsWith(d.slice(0, 4)) : divisionCode === d);
  const level = (d: string) => (d.endsWith('0000') ? 1 : d.endsWith('00') ? 2 : 3);
  const fits = v.landTargets.filter((t) => covers(t.division) && landUse?.startsWith(t.landUse));
  fits.sort((a, b) => level(b.division) - level(a.division) || b.landUse.length - a.landUse.length);
  return fits[0]?.taxPerMu ?? null;
}

export interface Indicators {
  readonly industrial: boolean;
  readonly areaMu: number | null;
  readonly taxPaidLast12Months: number;
  readonly taxPerMu: number | null;
  readonly target: number | null;
  readonly meetsTarget: boolean | null;
}

export function indicatorsOf(v: ViewSettings, p: { divisionCode: string; landUse: string | null; areaM2: number | null; taxPaid: number }): Indicators {
  const areaMu = p.areaM2 === null ? null : p.areaM2 / MU_M2;
  const taxPerMu = areaMu ? p.taxPaid / 10_000 / areaMu : null;
  const industrial = isIndustrial(p.landUse);
  const target = industrial ? targetFor(v, p.divisionCode, p.landUse) : null;
  return {
    industrial, areaMu: areaMu === null ? null : Math.round(areaMu * 100) / 100, taxPaidLast12Months: p.taxPaid,
    taxPerMu: taxPerMu === null ? null : Math.round(taxPerMu * 10_000) / 10_000, target,
    meetsTarget: target === null || taxPerMu === null ? null : taxPerMu >= target,
  };
}
