/**
 * views/no-loan
 *
 * 无贷户名单 — the no-loan list of the 首贷 (first loan) measure: enterprises that are
 * operating (market status and tax status), small or micro by the configured rule, active
 * (a tax payment in the last N calendar months) and without a loan in the banks' ledger
 * (withdrawn loans do not count). The rule as SQL over an enterprise row (the list, its
 * statistics and the NO_LOAN_LISTED alert use this one text), and the reasons an entry
 * qualifies, as sentences. Values are the configuration's and the calendar's, never a
 * request's. Pure.
 */
import { literal } from '../db/sql-parts.js';
import { bandFor, sizeClassOf, sizeClassSql, type SizeClass } from './size-class.js';
import type { ViewSettings } from './settings.js';

const list = (xs: readonly string[]) => xs.map(literal).join(', ');

/** The first calendar month (year, month) of the activity window ending in `today`'s month. */
export function activeSince(today: string, months: number): { year: number; month: number } {
  const index = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - (months - 1);
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** SQL over an enterprise table read as `e` (column names as stored). */
export interface NoLoanSql {
  /** The enterprise is on the list. */
  readonly member: string;
  /** Expressions that say why: size class, tax status, latest payment (yyyymm), withdrawn loans. */
  readonly sizeClass: string;
  readonly taxStatus: string;
  readonly lastPaid: string;
  readonly withdrawnLoans: string;
}

export function noLoanSql(v: ViewSettings, e: string, today: string): NoLoanSql {
  const since = activeSince(today, v.activeMonths);
  const size = sizeClassSql(v.sizeRule, `${e}.registered_capital`, `${e}.industry_code`, `${e}.entity_type`);
  const member = [
    `${e}.uscc IS NOT NULL`,
    `${e}.status IN (${list(v.operatingStatuses)})`,
    `${size} IN ('MICRO', 'SMALL')`,
    `EXISTS (SELECT 1 FROM taxpayer nl_t WHERE nl_t.tin = ${e}.uscc AND nl_t.status IN (${list(v.operatingTaxStatuses)}))`,
    `EXISTS (SELECT 1 FROM tax_payment nl_p WHERE nl_p.tin = ${e}.uscc AND (nl_p.year, nl_p.month) >= (${since.year}, ${since.month}) AND nl_p.amount > 0)`,
    `NOT EXISTS (SELECT 1 FROM loan nl_l WHERE nl_l.borrower_uscc = ${e}.uscc AND NOT nl_l.withdrawn)`,
  ].map((p) => `(${p})`).join(' AND ');
  return {
    member,
    sizeClass: size,
    taxStatus: `(SELECT nl_t.status FROM taxpayer nl_t WHERE nl_t.tin = ${e}.uscc)`,
    lastPaid: `(SELECT max(nl_p.year * 100 + nl_p.month) FROM tax_payment nl_p WHERE nl_p.tin = ${e}.uscc AND nl_p.amount > 0)`,
    withdrawnLoans: `(SELECT count(*)::int FROM loan nl_l WHERE nl_l.borrower_uscc = ${e}.uscc AND nl_l.withdrawn)`,
  };
}

export interface NoLoanFacts {
  readonly status: string;
  readonly registeredCapital: number | string | null;
  readonly industryCode: string | null;
  readonly entityType: string | null;
  readonly taxStatus: string | null;
  /** yyyymm of the latest payment. */
  readonly lastPaid: number | null;
  readonly withdrawnLoans: number;
}

/** yyyymm as `yyyy-mm`. */
export const monthOf = (yyyymm: number | string | null): string | null => (yyyymm ? `${String(yyyymm).slice(0, 4)}-${String(yyyymm).slice(4)}` : null);

export interface NoLoanReasons {
  readonly sizeClass: SizeClass;
  readonly lastTaxPaymentMonth: string | null;
  readonly reasons: string[];
}

/** Why a listed enterprise qualifies, criterion by criterion (Chinese first, as the banks read it). */
export function noLoanReasons(v: ViewSettings, f: NoLoanFacts): NoLoanReasons {
  const sizeClass = sizeClassOf(v.sizeRule, f);
  const band = bandFor(v.sizeRule, f.industryCode);
  const month = monthOf(f.lastPaid);
  const micro = f.entityType && v.sizeRule.microEntityTypes.some((t) => f.entityType!.includes(t));
  const reasons = [
    `登记状态 ${f.status} (operating)`,
    `纳税状态 ${f.taxStatus ?? '—'} (operating for tax)`,
    micro
      ? `${sizeClass === 'MICRO' ? '微型' : '小型'}: 企业类型 ${f.entityType}`
      : `${sizeClass === 'MICRO' ? '微型' : '小型'}: 注册资本 ${Number(f.registeredCapital)} 万元 ≤ ${sizeClass === 'MICRO' ? band.micro : band.small} 万元 (${band.matched ? `行业 ${band.matched}` : '默认标准'})`,
    `最近纳税 ${month ?? '—'} (within the last ${v.activeMonths} months)`,
    `无贷款记录 (no loan in the banks' ledger${f.withdrawnLoans ? `; ${f.withdrawnLoans} withdrawn loan${f.withdrawnLoans === 1 ? '' : 's'} not counted` : ''})`,
  ];
  return { sizeClass, lastTaxPaymentMonth: month, reasons };
}
