/**
 * views/no-loan.dimensions
 *
 * What the no-loan statistics group by: the enterprise's province, city or county (the key
 * names the division too) and its industry section — the enterprise statistics' own
 * dimensions — and its size class by the configured rule, decided as the registered
 * capital it is computed from.
 */
import { registerEnumType } from 'type-graphql';
import { sizeClassSql } from '../../views/size-class.js';
import type { SizeRule } from '../../views/settings.js';
import type { GroupDim } from '../analyst/spec.js';
import { EnterpriseAnalyst } from '../enterprise/enterprise.analyst.js';

const SHARED = ['PROVINCE', 'CITY', 'COUNTY', 'INDUSTRY_SECTION'] as const;
const SIZE_CLASS_DESCRIPTION = '企业规模 (MICRO / SMALL, by the configured rule)';

/** The dimensions under the configured size rule. */
export function noLoanDimensions(rule: SizeRule): Record<string, GroupDim> {
  const groups = EnterpriseAnalyst.stats!.groups;
  return {
    ...Object.fromEntries(SHARED.map((g) => [g, groups[g]!])),
    SIZE_CLASS: {
      key: 'sizeClass', sql: (c) => sizeClassSql(rule, c.registeredCapital!, c.industryCode!, c.entityType!),
      field: 'Enterprise.registeredCapital', description: SIZE_CLASS_DESCRIPTION,
    },
  };
}

export const NoLoanGroupByEnum = Object.fromEntries([...SHARED, 'SIZE_CLASS'].map((k) => [k, k]));
registerEnumType(NoLoanGroupByEnum, {
  name: 'NoLoanGroupBy',
  description: '无贷户名单统计的分组维度 (what no-loan statistics may be grouped by).',
  valuesConfig: {
    ...Object.fromEntries(SHARED.map((g) => [g, { description: EnterpriseAnalyst.stats!.groups[g]!.description }])),
    SIZE_CLASS: { description: SIZE_CLASS_DESCRIPTION },
  },
});
