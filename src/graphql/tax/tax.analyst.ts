/**
 * tax/tax.analyst
 *
 * What analysts may ask of the tax bureau's data: the `taxpayers` connection, filters on
 * ratings, arrears and payments, and `taxPaymentStats` (paid by month, item, division).
 */
import { taxArrears, taxpayer, taxPayment, taxRating } from '../../../schema/index.js';
import { divisionDims } from '../analyst/dimensions.js';
import { TaxpayerStatus, TaxRatingGrade } from '../analyst/scalars.js';
import { describeEntity, many, one } from '../analyst/spec.js';
import { EnterpriseAnalyst } from '../enterprise/enterprise.analyst.js';
import { TaxArrear, TaxPayment, TaxProfile, TaxRating } from './tax.type.js';

export const TaxProfileAnalyst = describeEntity({
  type: TaxProfile,
  typeName: 'TaxProfile', label: '纳税人',
  table: taxpayer,
  tiebreak: 'tin',
  fields: { tin: 'text', name: 'text', status: TaxpayerStatus, taxOffice: 'text', industryCode: 'text' },
  relations: {
    enterprise: one(() => EnterpriseAnalyst), ratings: many(() => TaxRatingAnalyst), arrears: many(() => TaxArrearAnalyst), payments: many(() => TaxPaymentAnalyst),
  },
  order: ['name', 'industryCode'],
  connection: { root: 'taxpayers', description: '纳税人 (taxpayers): filtered, ordered, paged. @default by 纳税人识别号' },
});

export const TaxRatingAnalyst = describeEntity({
  type: TaxRating, typeName: 'TaxRating', label: '纳税信用等级', table: taxRating, tiebreak: 'tin', relations: {}, order: [],
  fields: { rating: TaxRatingGrade, year: 'int' },
});

export const TaxArrearAnalyst = describeEntity({
  type: TaxArrear, typeName: 'TaxArrear', label: '欠税', table: taxArrears, tiebreak: 'id', relations: {}, order: [],
  fields: { taxItem: 'text', amount: 'amount', since: 'date', status: 'text' },
});

/** The division of a payment's taxpayer's enterprise. */
const payerDivision = (tin: string) => `(SELECT e.division_code FROM taxpayer tp JOIN enterprise e ON e.uscc = tp.uscc WHERE tp.tin = ${tin})`;

export const TaxPaymentAnalyst = describeEntity({
  type: TaxPayment, typeName: 'TaxPayment', label: '税款入库', table: taxPayment, tiebreak: 'tin', relations: {}, order: [],
  fields: { year: 'int', month: 'int', taxItem: 'text', amount: 'amount' },
  ownedThrough: { type: 'TaxProfile', table: taxpayer, on: (c, p) => `${p.tin} = ${c.tin}` },
  stats: {
    root: 'taxPaymentStats',
    description: '税款入库分组统计 (tax paid, in yuan, per group).',
    groups: {
      ...divisionDims((c) => payerDivision(c.tin!), 'Enterprise.divisionCode', 'taxpayer’s enterprise'),
      YEAR: { key: 'year', sql: (c) => c.year!, field: 'TaxPayment.year', description: '所属年度 (year)' },
      MONTH: { key: 'month', sql: (c) => `${c.year} || '-' || lpad(${c.month}::text, 2, '0')`, field: 'TaxPayment.month', description: '所属月份 (month, YYYY-MM)' },
      TAX_ITEM: { key: 'taxItem', sql: (c) => c.taxItem!, field: 'TaxPayment.taxItem', description: '征收项目 (tax item)' },
    },
    measures: { amount: 'amount' },
  },
});
