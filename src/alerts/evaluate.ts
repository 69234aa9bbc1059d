/**
 * alerts/evaluate
 *
 * Turns one transaction's changes into alert drafts, rule by rule. Only the changed
 * records are looked at (plus, for a deregistration, that enterprise's licenses, read by
 * index): no rule scans the database here. Titles and details carry codes, dates and
 * amounts, never a natural person's name or ID number.
 */
import { and, eq, gte, isNull, or } from 'drizzle-orm';
import { enterprise, license } from '../../schema/index.js';
import type { Db } from '../db/client.js';
import type { Change } from '../ingest/changes.js';
import { SEVERITY, type AlertKind, type Rule } from './rules.js';
import { addDays, chinaToday } from '../domain/china-day.js';
import { anyOf } from '../db/any-of.js';
import type { ViewSettings } from '../views/settings.js';
import { firstLoanGranted, noLoanListed } from './no-loan.rules.js';
import { policyEligible } from './policy.rules.js';

export interface AlertDraft {
  readonly ruleId: number;
  readonly kind: AlertKind;
  readonly severity: string;
  readonly dedupeKey: string;
  readonly subjectType: string;
  readonly subjectKey: string;
  readonly enterpriseUscc: string | null;
  readonly parcelCode: string | null;
  readonly sourceId: string | null;
  readonly title: string;
  readonly detail: Record<string, unknown>;
  readonly factOn: string | null;
}

const DAY = 86_400_000;
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));
const isoDay = (v: unknown) => (v ? String(v).slice(0, 10) : null);

/** Today in China, and days from it: rule dates (expiry, decision days) are Beijing dates. */
export { addDays, chinaToday };

function draft(rule: Rule, c: Change | null, d: Omit<AlertDraft, 'ruleId' | 'kind' | 'severity' | 'sourceId'> & { sourceId?: string | null }): AlertDraft {
  return { ruleId: rule.id, kind: rule.kind, severity: SEVERITY[rule.kind], sourceId: d.sourceId ?? c?.sourceId ?? null, ...d };
}

type Evaluator<K extends AlertKind> = (rule: Rule<K>, changes: readonly Change[], today: string, tx: Db, views: ViewSettings) => Promise<AlertDraft[]> | AlertDraft[];

/** A license about to expire, as its change is ingested (the schedule catches the calendar). */
export function licenseExpiringDraft(rule: Rule<'LICENSE_EXPIRING'>, l: { licenseId: string; typeName: unknown; validTo: string; holderUscc: unknown }, c: Change | null, today: string): AlertDraft {
  const daysLeft = Math.round((Date.parse(l.validTo) - Date.parse(today)) / DAY);
  return draft(rule, c, {
    dedupeKey: `${l.licenseId}:${l.validTo}`, subjectType: 'License', subjectKey: l.licenseId, enterpriseUscc: text(l.holderUscc), parcelCode: null,
    title: `License ${l.licenseId} (${text(l.typeName) ?? 'license'}) expires on ${l.validTo}, in ${daysLeft} days`,
    detail: { licenseId: l.licenseId, typeName: text(l.typeName), validTo: l.validTo, daysLeft }, factOn: l.validTo,
  });
}

const evaluators: { [K in AlertKind]: Evaluator<K> } = {
  LICENSE_EXPIRING(rule, changes, today) {
    const until = addDays(today, rule.params.daysBefore);
    return changes
      .filter((c) => c.entityType === 'License' && c.op !== 'WITHDRAWN' && c.new.status === 'VALID')
      .filter((c) => c.op === 'CREATED' || c.fields.includes('valid_to') || c.fields.includes('status'))
      .flatMap((c) => {
        const validTo = isoDay(c.new.valid_to);
        if (!validTo || validTo < today || validTo > until) return [];
        return [licenseExpiringDraft(rule, { licenseId: c.entityKey, typeName: c.new.type_name, validTo, holderUscc: c.new.holder_uscc }, c, today)];
      });
  },

  ADMIN_PENALTY(rule, changes, today) {
    const since = addDays(today, -rule.params.maxAgeDays);
    return changes
      .filter((c) => c.entityType === 'CreditRecord' && c.op === 'CREATED' && c.entityKey.startsWith('PENALTY|') && c.new.withdrawn !== true)
      .flatMap((c) => {
        const decidedOn = isoDay(c.new.decided_on);
        const fine = num(c.new.fine_amount) ?? 0;
        if (!decidedOn || decidedOn < since || fine < rule.params.minFine) return [];
        const docNo = c.entityKey.slice('PENALTY|'.length);
        return [draft(rule, c, {
          dedupeKey: docNo, subjectType: 'CreditRecord', subjectKey: c.entityKey, enterpriseUscc: c.enterpriseUscc, parcelCode: null,
          title: `Administrative penalty ${docNo} decided on ${decidedOn}${fine ? `, fine ${fine} 万元` : ''}`,
          detail: { docNo, decidedOn, fineAmount: fine, authority: text(c.new.authority) }, factOn: decidedOn,
        })];
      });
  },

  COURT_DEFAULTER(rule, changes, today) {
    const since = addDays(today, -rule.params.maxAgeDays);
    return changes
      .filter((c) => c.entityType === 'CreditRecord' && c.op === 'CREATED' && c.entityKey.startsWith('DEFAULTER|') && c.new.withdrawn !== true)
      .flatMap((c) => {
        const on = isoDay(c.new.published_on) ?? isoDay(c.new.filed_on);
        if (!on || on < since) return [];
        const caseNo = c.entityKey.slice('DEFAULTER|'.length);
        return [draft(rule, c, {
          dedupeKey: caseNo, subjectType: 'CreditRecord', subjectKey: c.entityKey, enterpriseUscc: c.enterpriseUscc, parcelCode: null,
          title: `Put on the court defaulters list, case ${caseNo}, on ${on}`,
          detail: { caseNo, court: text(c.new.court), filedOn: isoDay(c.new.filed_on), publishedOn: isoDay(c.new.published_on) }, factOn: on,
        })];
      });
  },

  TAX_ARREARS(rule, changes) {
    return changes
      .filter((c) => c.entityType === 'TaxArrears' && c.op !== 'WITHDRAWN' && c.new.status === '未缴')
      .filter((c) => c.op === 'CREATED' || c.old?.status !== '未缴')
      .flatMap((c) => {
        const amountYuan = num(c.new.amount) ?? 0;
        if (amountYuan < rule.params.minAmount) return [];
        const since = isoDay(c.new.since);
        return [draft(rule, c, {
          dedupeKey: `${c.entityKey}:${since ?? ''}`, subjectType: 'TaxArrears', subjectKey: c.entityKey, enterpriseUscc: c.enterpriseUscc, parcelCode: null,
          title: `Tax arrears of ${amountYuan} 元 (${text(c.new.tax_item) ?? 'tax'}) unpaid since ${since ?? 'unknown'}`,
          detail: { arrearsId: c.entityKey, tin: c.tin, taxItem: text(c.new.tax_item), amount: amountYuan, since }, factOn: since,
        })];
      });
  },

  TAX_RATING_D(rule, changes, today) {
    const minYear = Number(today.slice(0, 4)) - 1 - rule.params.maxAgeYears;
    return changes
      .filter((c) => c.entityType === 'TaxRating' && c.new.rating === 'D' && c.old?.rating !== 'D')
      .flatMap((c) => {
        const year = Number(c.entityKey.split('|')[1]);
        if (!(year >= minYear)) return [];
        return [draft(rule, c, {
          dedupeKey: c.entityKey, subjectType: 'TaxProfile', subjectKey: c.tin ?? c.entityKey, enterpriseUscc: c.enterpriseUscc, parcelCode: null,
          title: `Tax credit rating for ${year} fell to D${c.old?.rating ? ` (was ${String(c.old.rating)})` : ''}`,
          detail: { tin: c.tin, year, rating: 'D', previous: text(c.old?.rating) }, factOn: null,
        })];
      });
  },

  NEW_MORTGAGE(rule, changes, today) {
    const since = addDays(today, -rule.params.maxAgeDays);
    return changes
      .filter((c) => c.entityType === 'Registration' && c.op === 'CREATED' && c.new.kind === '抵押登记')
      .flatMap((c) => {
        const on = isoDay(c.new.registered_at);
        const secured = num(c.new.secured_amount) ?? 0;
        if (!on || on < since || secured < rule.params.minSecuredAmount) return [];
        return [draft(rule, c, {
          dedupeKey: c.entityKey, subjectType: 'Registration', subjectKey: c.entityKey, enterpriseUscc: null, parcelCode: c.parcelCode,
          title: `New mortgage ${c.entityKey} on unit ${text(c.new.unit_code)} registered on ${on}${secured ? `, secured ${secured} 万元` : ''}`,
          detail: { ywh: c.entityKey, unitCode: text(c.new.unit_code), registeredOn: on, securedAmount: secured, mortgageeUscc: text(c.new.mortgagee_uscc) },
          factOn: on,
        })];
      });
  },

  async DEREGISTERED_WITH_VALID_LICENSES(rule, changes, today, tx) {
    // An enterprise that became 注销, and a valid license arriving for one that already is.
    const deregistered = changes.filter((c) => c.entityType === 'Enterprise' && c.new.status === '注销' && c.old?.status !== '注销' && c.enterpriseUscc);
    const licensed = changes.filter((c) => c.entityType === 'License' && c.new.status === 'VALID' && c.enterpriseUscc && (c.op === 'CREATED' || c.fields.includes('status')));
    const usccs = new Set([...deregistered, ...licensed].map((c) => c.enterpriseUscc!));
    if (usccs.size === 0) return [];
    const rows = await tx
      .select({ uscc: license.holderUscc, licenseId: license.licenseId, status: enterprise.status })
      .from(license)
      .innerJoin(enterprise, eq(enterprise.uscc, license.holderUscc))
      .where(and(anyOf(license.holderUscc, [...usccs]), eq(license.status, 'VALID'), eq(enterprise.status, '注销'), or(isNull(license.validTo), gte(license.validTo, today))))
      .orderBy(license.holderUscc, license.licenseId);
    const byEnterprise = new Map<string, string[]>();
    for (const r of rows) byEnterprise.set(r.uscc!, [...(byEnterprise.get(r.uscc!) ?? []), r.licenseId]);
    const trigger = new Map([...deregistered, ...licensed].map((c) => [c.enterpriseUscc!, c]));
    return [...byEnterprise].map(([uscc, licenseIds]) =>
      draft(rule, trigger.get(uscc) ?? null, {
        dedupeKey: uscc, subjectType: 'Enterprise', subjectKey: uscc, enterpriseUscc: uscc, parcelCode: null,
        title: `Deregistered enterprise still holds ${licenseIds.length} valid license${licenseIds.length === 1 ? '' : 's'}`,
        detail: { licenseIds: licenseIds.slice(0, 50), validLicenses: licenseIds.length }, factOn: null,
      }),
    );
  },

  // Only the calendar stalls a parcel: see alerts/scheduled.
  PARCEL_STALLED: () => [],

  NO_LOAN_LISTED: noLoanListed,
  FIRST_LOAN_GRANTED: firstLoanGranted,
  POLICY_ELIGIBLE: policyEligible,
};

/** Every enabled rule over one transaction's changes. */
export async function evaluateChanges(tx: Db, rules: readonly Rule[], changes: readonly Change[], today: string, views: ViewSettings): Promise<AlertDraft[]> {
  if (changes.length === 0) return [];
  const out: AlertDraft[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    out.push(...(await (evaluators[rule.kind] as Evaluator<AlertKind>)(rule, changes, today, tx, views)));
  }
  return out;
}
