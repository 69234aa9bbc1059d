/**
 * analyst/dimensions
 *
 * Group-by dimensions several entity types share: a division code at province, city and
 * county level (the key names the division too), and the year or month of a date.
 */
import type { Cols } from '../planner/declare.js';
import type { GroupDim } from './spec.js';

type Col = (c: Cols) => string;

/** PROVINCE, CITY and COUNTY of the division code `col` gives, decided by `field`'s policy. */
export function divisionDims(col: Col, field: string, what: string): Record<'PROVINCE' | 'CITY' | 'COUNTY', GroupDim> {
  return {
    PROVINCE: { key: 'province', sql: (c) => `left(${col(c)}, 2) || '0000'`, field, division: true, description: `省 (province of the ${what})` },
    CITY: { key: 'city', sql: (c) => `left(${col(c)}, 4) || '00'`, field, division: true, description: `市 (city of the ${what})` },
    COUNTY: { key: 'county', sql: col, field, division: true, description: `区县 (county of the ${what})` },
  };
}

export const yearDim = (key: string, col: Col, field: string, description: string): GroupDim => ({
  key, sql: (c) => `extract(year from ${col(c)})::int`, field, description,
});

export const monthDim = (key: string, col: Col, field: string, description: string): GroupDim => ({
  key, sql: (c) => `to_char(${col(c)}, 'YYYY-MM')`, field, description,
});

/** The division of the enterprise whose USCC `uscc` gives (null when the enterprise is not in the graph). */
export const enterpriseDivision = (uscc: Col): Col => (c) => `(SELECT e.division_code FROM enterprise e WHERE e.uscc = ${uscc(c)})`;
