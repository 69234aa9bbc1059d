/**
 * enterprise/enterprise.analyst
 *
 * What analysts may ask of enterprises: the `enterprises` connection's filter and order,
 * and `enterpriseStats` (by division, industry section, status, tax rating, year founded);
 * counts by division and status come from the tally the database keeps.
 */
import { enterprise, enterpriseTally } from '../../../schema/index.js';
import { divisionDims, yearDim } from '../analyst/dimensions.js';
import { EnterpriseStatus } from '../analyst/scalars.js';
import { describeEntity, many, one } from '../analyst/spec.js';
import { CreditRecordAnalyst, LoanAnalyst } from '../credit/credit.analyst.js';
import { LandParcelAnalyst, ProjectAnalyst } from '../land/land.analyst.js';
import { LicenseAnalyst } from '../license/license.analyst.js';
import { RealEstateUnitAnalyst } from '../realestate/realestate.analyst.js';
import { TaxProfileAnalyst, TaxRatingAnalyst } from '../tax/tax.analyst.js';
import { Enterprise } from './enterprise.type.js';

export const EnterpriseAnalyst = describeEntity({
  type: Enterprise,
  typeName: 'Enterprise', label: '企业',
  table: enterprise,
  // Counts by division and status (a city's subsisting enterprises) sum the tally.
  tally: enterpriseTally,
  tiebreak: 'id',
  fields: {
    uscc: 'text', regNo: 'text', name: 'text', entityType: 'text', legalRepName: 'text', registeredCapital: 'amount', establishedOn: 'date',
    status: EnterpriseStatus, address: 'text', divisionCode: 'division', industryCode: 'text', registrationAuthority: 'text',
    approvedOn: 'date', deregisteredOn: 'date',
  },
  searchable: ['name'],
  relations: {
    licenses: many(() => LicenseAnalyst), creditRecords: many(() => CreditRecordAnalyst), loans: many(() => LoanAnalyst),
    parcels: many(() => LandParcelAnalyst), units: many(() => RealEstateUnitAnalyst), projects: many(() => ProjectAnalyst),
    tax: one(() => TaxProfileAnalyst), taxRating: one(() => TaxRatingAnalyst),
  },
  order: ['establishedOn', 'registeredCapital', 'name', 'uscc', 'approvedOn', 'divisionCode', 'industryCode'],
  connection: { root: 'enterprises', description: '企业 (enterprises): filtered, ordered, paged. @default in registration order' },
  stats: {
    root: 'enterpriseStats',
    description: '企业分组统计 (enterprise statistics): counts, registered capital and founding dates per group.',
    groups: {
      ...divisionDims((c) => c.divisionCode!, 'Enterprise.divisionCode', 'enterprise’s domicile'),
      INDUSTRY_SECTION: { key: 'industrySection', sql: (c) => `left(${c.industryCode}, 1)`, field: 'Enterprise.industryCode', description: '行业门类 (GB/T 4754 section letter, e.g. C 制造业)' },
      INDUSTRY: { key: 'industry', sql: (c) => c.industryCode!, field: 'Enterprise.industryCode', description: '行业代码 (GB/T 4754 industry code)' },
      STATUS: { key: 'status', sql: (c) => c.status!, field: 'Enterprise.status', description: '登记状态 (registration status)' },
      ENTITY_TYPE: { key: 'entityType', sql: (c) => c.entityType!, field: 'Enterprise.entityType', description: '企业类型 (entity type)' },
      TAX_RATING: {
        key: 'taxRating', sql: (c) => `(SELECT r.rating FROM tax_rating r WHERE r.tin = ${c.uscc} ORDER BY r.year DESC LIMIT 1)`,
        field: 'TaxRating.rating', description: '最新纳税信用等级 (latest tax credit rating)',
      },
      ESTABLISHED_YEAR: yearDim('establishedYear', (c) => c.establishedOn!, 'Enterprise.establishedOn', '成立年份 (year founded)'),
    },
    measures: { registeredCapital: 'amount', establishedOn: 'date' },
  },
});
