/**
 * views/no-loan.dimensions
 *
 * What the no-loan statistics group by: the enterprise's city, county or province (the key
 * names the division too), its industry section, and its size class by the configured
 * rule. Each dimension names the field whose policy decides who may group by it.
 */
import { registerEnumType } from 'type-graphql';
import type { NoLoanSql } from '../../views/no-loan.js';
import type { Cols } from '../planner/declare.js';

export interface NoLoanDimension {
  readonly key: string;
  readonly sql: (c: Cols, list: NoLoanSql) => string;
  /** `[Type, field]` whose policy decides who may group by it; null: the list's own (FINANCIAL) facts. */
  readonly field: readonly [string, string] | null;
  readonly division?: boolean;
  readonly description: string;
}

const DIVISION = ['Enterprise', 'divisionCode'] as const;

export const NO_LOAN_DIMENSIONS: Readonly<Record<string, NoLoanDimension>> = {
  PROVINCE: { key: 'province', sql: (c) => `left(${c.divisionCode}, 2) || '0000'`, field: DIVISION, division: true, description: '省' },
  CITY: { key: 'city', sql: (c) => `left(${c.divisionCode}, 4) || '00'`, field: DIVISION, division: true, description: '市' },
  COUNTY: { key: 'county', sql: (c) => c.divisionCode!, field: DIVISION, division: true, description: '区县' },
  INDUSTRY_SECTION: { key: 'industrySection', sql: (c) => `left(${c.industryCode}, 1)`, field: ['Enterprise', 'industryCode'], description: '行业门类 (GB/T 4754 section letter)' },
  SIZE_CLASS: { key: 'sizeClass', sql: (_c, list) => list.sizeClass, field: null, description: '企业规模 (MICRO / SMALL)' },
};

export const NoLoanGroupByEnum = Object.fromEntries(Object.keys(NO_LOAN_DIMENSIONS).map((k) => [k, k]));
registerEnumType(NoLoanGroupByEnum, {
  name: 'NoLoanGroupBy',
  description: '无贷户名单统计的分组维度 (what no-loan statistics may be grouped by).',
  valuesConfig: Object.fromEntries(Object.entries(NO_LOAN_DIMENSIONS).map(([k, d]) => [k, { description: d.description }])),
});
