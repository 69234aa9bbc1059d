/**
 * views/profile
 *
 * 企业画像 — the enterprise profile for policy cash-out and credit: one statement computes
 * the facts of a batch of enterprises (each an indexed lookup per fact), and a pure step
 * turns them into the profile — age, capital band, size class, status in each source and
 * whether they agree, licenses valid and expiring, recent penalties, court defaulter,
 * tax-rating history and trend, arrears, loans, land held, tax paid in the last 12 months,
 * and risk flags each with its reason. Spans and thresholds are the `views` configuration.
 */
import { addDays } from '../domain/china-day.js';
import { sizeClassOf, type SizeClass } from './size-class.js';
import { activeSince } from './no-loan.js';
import { parcelsHeldBy } from './holdings.js';
import type { ViewSettings } from './settings.js';

const DAY = 86_400_000;

/** The batch statement but its condition (the caller adds `WHERE e.uscc = ANY(<its USCCs>)`); dates and windows are literals of the day. */
export function profileSql(v: ViewSettings, today: string): string {
  const expiring = addDays(today, v.profile.expiringDays);
  const penaltiesSince = `${Number(today.slice(0, 4)) - v.profile.penaltyYears}${today.slice(4)}`;
  const paid = activeSince(today, 12);
  return `SELECT e.uscc, e.established_on::text AS established_on, e.registered_capital::text AS registered_capital, e.industry_code, e.entity_type,
      e.status AS market_status,
      (SELECT tp.status FROM taxpayer tp WHERE tp.tin = e.uscc) AS tax_status,
      li.business_license, li.valid_licenses, li.expiring_licenses, cr.penalties, cr.defaulter,
      (SELECT json_agg(json_build_object('year', r.year, 'rating', r.rating) ORDER BY r.year) FROM tax_rating r WHERE r.tin = e.uscc)::text AS ratings,
      (SELECT coalesce(sum(a.amount), 0)::text FROM tax_arrears a WHERE a.tin = e.uscc AND a.status = '未缴') AS arrears,
      lo.n AS loans, lo.total::text AS loan_total, lo.first AS first_loan,
      la.n AS parcels, la.area::text AS land_area,
      (SELECT coalesce(sum(p.amount), 0)::text FROM tax_payment p WHERE p.tin = e.uscc AND (p.year, p.month) >= (${paid.year}, ${paid.month})) AS tax_paid
    FROM enterprise e
    CROSS JOIN LATERAL (SELECT (array_agg(l.status ORDER BY l.issued_on DESC NULLS LAST, l.license_id) FILTER (WHERE l.type_name = '营业执照'))[1] AS business_license,
      (count(*) FILTER (WHERE l.status = 'VALID' AND (l.valid_to IS NULL OR l.valid_to >= '${today}')))::int AS valid_licenses,
      (count(*) FILTER (WHERE l.status = 'VALID' AND l.valid_to BETWEEN '${today}' AND '${expiring}'))::int AS expiring_licenses
      FROM license l WHERE l.holder_uscc = e.uscc) li
    CROSS JOIN LATERAL (SELECT (count(*) FILTER (WHERE c.kind = 'PENALTY' AND c.decided_on >= '${penaltiesSince}'))::int AS penalties,
      coalesce(bool_or(c.kind = 'DEFAULTER' AND NOT c.withdrawn), false) AS defaulter
      FROM credit_record c WHERE c.uscc = e.uscc) cr
    CROSS JOIN LATERAL (SELECT count(*)::int AS n, coalesce(sum(l.amount), 0) AS total, coalesce(bool_or(l.first_loan), false) AS first
      FROM loan l WHERE l.borrower_uscc = e.uscc AND NOT l.withdrawn) lo
    CROSS JOIN LATERAL (SELECT count(*)::int AS n, sum(p.area_m2) AS area FROM land_parcel p WHERE p.parcel_code IN (${parcelsHeldBy('e.uscc')})) la`;
}

export interface ProfileRow {
  readonly uscc: string;
  readonly established_on: string | null;
  readonly registered_capital: string | null;
  readonly industry_code: string | null;
  readonly entity_type: string | null;
  readonly market_status: string;
  readonly tax_status: string | null;
  readonly business_license: string | null;
  readonly valid_licenses: number;
  readonly expiring_licenses: number;
  readonly penalties: number;
  readonly defaulter: boolean;
  readonly ratings: string | null;
  readonly arrears: string;
  readonly loans: number;
  readonly loan_total: string;
  readonly first_loan: boolean;
  readonly parcels: number;
  readonly land_area: string | null;
  readonly tax_paid: string;
}

export type Standing = 'OPERATING' | 'ABNORMAL' | 'CLOSED';
export type Trend = 'IMPROVING' | 'STABLE' | 'DECLINING' | 'UNKNOWN';

/** What each source's status means, on one scale. */
const STANDING: Record<string, Record<string, Standing>> = {
  MARKET: { 存续: 'OPERATING', 在业: 'OPERATING', 吊销: 'CLOSED', 注销: 'CLOSED', 迁出: 'CLOSED' },
  TAX: { 正常: 'OPERATING', 非正常户: 'ABNORMAL', 注销: 'CLOSED' },
  LICENSE: { VALID: 'OPERATING', REVOKED: 'CLOSED', CANCELLED: 'CLOSED' },
};
const GRADE = ['D', 'C', 'M', 'B', 'A'];

/** 注册资本 bands, 万元. */
export function capitalBand(capital: number | null): string | null {
  if (capital === null) return null;
  if (capital < 100) return '<100万';
  if (capital < 500) return '100-500万';
  if (capital < 1000) return '500-1000万';
  if (capital < 5000) return '1000-5000万';
  return '≥5000万';
}

export interface RiskFlag {
  readonly code: string;
  readonly reason: string;
}

export interface Profile {
  readonly ageYears: number | null;
  readonly registeredCapital: number | null;
  readonly capitalBand: string | null;
  readonly sizeClass: SizeClass;
  readonly industryCode: string | null;
  readonly industrySection: string | null;
  readonly statuses: { source: string; status: string; standing: Standing | null }[];
  readonly statusesAgree: boolean;
  readonly validLicenses: number;
  readonly expiringLicenses: number;
  readonly penaltiesRecent: number;
  readonly courtDefaulter: boolean;
  readonly taxRatings: { year: number; rating: string }[];
  readonly taxRatingTrend: Trend;
  readonly arrearsOutstanding: number;
  readonly loanCount: number;
  readonly loanTotal: number;
  readonly hasFirstLoan: boolean;
  readonly parcelsHeld: number;
  readonly landAreaM2: number;
  readonly taxPaidLast12Months: number;
  readonly riskFlags: RiskFlag[];
}

export function trendOf(ratings: readonly { rating: string }[]): Trend {
  if (ratings.length < 2) return 'UNKNOWN';
  const [a, b] = ratings.slice(-2).map((r) => GRADE.indexOf(r.rating));
  if (a! < 0 || b! < 0) return 'UNKNOWN';
  return b! > a! ? 'IMPROVING' : b! < a! ? 'DECLINING' : 'STABLE';
}

export function profileOf(v: ViewSettings, r: ProfileRow, today: string): Profile {
  const capital = r.registered_capital === null ? null : Number(r.registered_capital);
  const age = r.established_on ? Math.floor(((Date.parse(today) - Date.parse(r.established_on)) / (365.2425 * DAY)) * 10) / 10 : null;
  const statuses = [
    { source: 'MARKET', status: r.market_status },
    ...(r.tax_status ? [{ source: 'TAX', status: r.tax_status }] : []),
    ...(r.business_license ? [{ source: 'LICENSE', status: r.business_license }] : []),
  ].map((s) => ({ ...s, standing: STANDING[s.source]![s.status] ?? null }));
  const standings = new Set(statuses.map((s) => s.standing).filter((s) => s !== null));
  const ratings = (r.ratings ? (JSON.parse(r.ratings) as { year: number; rating: string }[]) : []);
  const arrears = Number(r.arrears);
  const flags: RiskFlag[] = [];
  if (r.defaulter) flags.push({ code: 'COURT_DEFAULTER', reason: '失信被执行人 (on the court defaulters list now)' });
  if (r.penalties > 0) flags.push({ code: 'RECENT_PENALTY', reason: `${r.penalties} 行政处罚 in the last ${v.profile.penaltyYears} years` });
  if (arrears > 0) flags.push({ code: 'TAX_ARREARS', reason: `欠税 ${arrears} 元 unpaid` });
  if (ratings.at(-1)?.rating === 'D') flags.push({ code: 'TAX_RATING_D', reason: `纳税信用 D for ${ratings.at(-1)!.year}` });
  if (r.tax_status === '非正常户') flags.push({ code: 'ABNORMAL_TAX_STATUS', reason: '税务登记 非正常户' });
  if (standings.size > 1) flags.push({ code: 'STATUS_DISAGREEMENT', reason: `sources disagree: ${statuses.map((s) => `${s.source} ${s.status}`).join(', ')}` });
  if (r.expiring_licenses > 0) flags.push({ code: 'LICENSES_EXPIRING', reason: `${r.expiring_licenses} license(s) expire within ${v.profile.expiringDays} days` });
  if (STANDING.MARKET![r.market_status] === 'OPERATING' && r.valid_licenses === 0) flags.push({ code: 'NO_VALID_LICENSE', reason: 'operating without a valid license in the e-license library' });
  return {
    ageYears: age, registeredCapital: capital, capitalBand: capitalBand(capital),
    sizeClass: sizeClassOf(v.sizeRule, { registeredCapital: capital, industryCode: r.industry_code, entityType: r.entity_type }),
    industryCode: r.industry_code, industrySection: r.industry_code?.slice(0, 1) ?? null,
    statuses, statusesAgree: standings.size <= 1, validLicenses: r.valid_licenses, expiringLicenses: r.expiring_licenses,
    penaltiesRecent: r.penalties, courtDefaulter: r.defaulter, taxRatings: ratings, taxRatingTrend: trendOf(ratings),
    arrearsOutstanding: arrears, loanCount: r.loans, loanTotal: Number(r.loan_total), hasFirstLoan: r.first_loan,
    parcelsHeld: r.parcels, landAreaM2: r.land_area === null ? 0 : Number(r.land_area), taxPaidLast12Months: Number(r.tax_paid), riskFlags: flags,
  };
}

/** The class of the fact each risk flag reports: a flag is seen only by who may read that class. */
export const RISK_FLAG_CLASSES = {
  COURT_DEFAULTER: 'CREDIT_PENALTY', RECENT_PENALTY: 'CREDIT_PENALTY', TAX_ARREARS: 'TAX', TAX_RATING_D: 'TAX', ABNORMAL_TAX_STATUS: 'TAX',
  STATUS_DISAGREEMENT: 'TAX', LICENSES_EXPIRING: 'PUBLIC_REGISTER', NO_VALID_LICENSE: 'PUBLIC_REGISTER',
} as const;

/** The class of each source's status. */
export const STATUS_SOURCE_CLASSES = { MARKET: 'PUBLIC_REGISTER', TAX: 'TAX', LICENSE: 'PUBLIC_REGISTER' } as const;
