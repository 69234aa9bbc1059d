/**
 * divisions
 *
 * Administrative division codes (GB/T 2260). The current national list comes from
 * @vant/area-data (province, city, county: 3,479 counties); retired MCA codes and NBS
 * development-zone codes that real records still carry come from a shipped supplement.
 */
import { areaList } from '@vant/area-data';
import supplement from './reference/divisions-supplement.json' with { type: 'json' };

export type DivisionStatus = 'current' | 'historical' | 'statistical';

export interface Division {
  readonly code: string;
  readonly name: string;
  readonly level: 'province' | 'city' | 'county';
  readonly status: DivisionStatus;
}

const table = new Map<string, Division>();
function add(list: Record<string, string>, status: DivisionStatus, level?: Division['level']): void {
  for (const [code, name] of Object.entries(list)) {
    if (!/^\d{6}$/.test(code) || table.has(code)) continue;
    const lvl = level ?? (code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'city' : 'county');
    table.set(code, { code, name, level: lvl, status });
  }
}
add(areaList.province_list, 'current', 'province');
add(areaList.city_list, 'current', 'city');
add(areaList.county_list, 'current', 'county');
add(supplement.historical, 'historical');
add(supplement.statistical, 'statistical');

export function lookupDivision(code: string): Division | undefined {
  return table.get(code);
}

/** Whether `code` is a known GB/T 2260 code (the table holds 6-digit codes only, so this is also the shape check). */
export function isKnownDivision(code: unknown): code is string {
  return typeof code === 'string' && table.has(code);
}

/**
 * The inclusive-exclusive code range a division covers, for range filters on indexed
 * columns: a province `34xxxx`, a city `3401xx`, or exactly one county.
 */
export function divisionRange(code: string): { from: string; to: string } {
  if (code.endsWith('0000')) return { from: code, to: `${Number(code.slice(0, 2)) + 1}0000` };
  if (code.endsWith('00')) return { from: code, to: `${String(Number(code.slice(0, 4)) + 1).padStart(4, '0')}00` };
  return { from: code, to: String(Number(code) + 1).padStart(6, '0') };
}
