/**
 * alerts/no-loan.rules
 *
 * The no-loan list's membership events, evaluated on one transaction's changed rows like
 * the other rules (never by rescanning): the enterprises a change can move onto the list
 * (their registration, tax registration, tax payments or loans changed) are judged by the
 * list's own rule (views/no-loan), read by key. NO_LOAN_LISTED is raised once per
 * enterprise when it qualifies; FIRST_LOAN_GRANTED once when an enterprise that was
 * listed gets a live loan flagged 首贷, or its first live loan in the ledger.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { Sql } from '../db/sql-parts.js';
import type { Change } from '../ingest/changes.js';
import { monthOf, noLoanSql } from '../views/no-loan.js';
import type { ViewSettings } from '../views/settings.js';
import { SEVERITY, type Rule } from './rules.js';
import type { AlertDraft } from './evaluate.js';

/** Record types whose change can move an enterprise onto the list. */
const MEMBERSHIP_INPUTS = new Set(['Enterprise', 'TaxProfile', 'TaxPayment', 'Loan']);
const CHUNK = 5000;

const chunks = <T>(xs: readonly T[]) => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

export async function noLoanListed(rule: Rule<'NO_LOAN_LISTED'>, changes: readonly Change[], today: string, tx: Db, views: ViewSettings): Promise<AlertDraft[]> {
  const usccs = [...new Set(changes.filter((c) => MEMBERSHIP_INPUTS.has(c.entityType) && c.enterpriseUscc).map((c) => c.enterpriseUscc!))];
  if (!usccs.length) return [];
  const list = noLoanSql(views, 'e', today);
  const trigger = new Map(changes.filter((c) => c.enterpriseUscc).map((c) => [c.enterpriseUscc!, c]));
  const out: AlertDraft[] = [];
  for (const part of chunks(usccs)) {
    const rows = rowsOf<{ uscc: string; size: string; last_paid: number | null }>(await tx.execute(Sql.of`
      SELECT e.uscc, ${Sql.text(list.sizeClass)} AS size, ${Sql.text(list.lastPaid)} AS last_paid
      FROM enterprise e
      WHERE e.uscc = ANY(${[...part]}::text[]) AND ${Sql.text(list.member)}
        AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.rule_id = ${rule.id} AND a.dedupe_key = e.uscc)
      ORDER BY e.uscc`.toDrizzle()));
    for (const r of rows) {
      const month = monthOf(r.last_paid);
      out.push({
        ruleId: rule.id, kind: rule.kind, severity: SEVERITY[rule.kind], sourceId: trigger.get(r.uscc)?.sourceId ?? null,
        dedupeKey: r.uscc, subjectType: 'Enterprise', subjectKey: r.uscc, enterpriseUscc: r.uscc, parcelCode: null,
        title: `Entered the no-loan list (无贷户名单): ${r.size === 'MICRO' ? 'micro' : 'small'} firm, operating, last tax payment ${month ?? '—'}, no loan`,
        detail: { sizeClass: r.size, lastTaxPaymentMonth: month, activeMonths: views.activeMonths }, factOn: today,
      });
    }
  }
  return out;
}

export async function firstLoanGranted(rule: Rule<'FIRST_LOAN_GRANTED'>, changes: readonly Change[], _today: string, tx: Db): Promise<AlertDraft[]> {
  const created = changes.filter((c) => c.entityType === 'Loan' && c.op === 'CREATED' && c.new.withdrawn !== true && c.enterpriseUscc);
  if (!created.length) return [];
  const borrowers = [...new Set(created.map((c) => c.enterpriseUscc!))];
  const out: AlertDraft[] = [];
  for (const part of chunks(borrowers)) {
    // Listed before: a NO_LOAN_LISTED alert names it. The live loans it holds now, this batch's included.
    const rows = rowsOf<{ uscc: string; live: number }>(await tx.execute(sql`
      SELECT a.enterprise_uscc AS uscc, (SELECT count(*)::int FROM loan l WHERE l.borrower_uscc = a.enterprise_uscc AND NOT l.withdrawn) AS live
      FROM alert a
      WHERE a.kind = 'NO_LOAN_LISTED' AND a.enterprise_uscc = ANY(${sql.param([...part])}::text[])
        AND NOT EXISTS (SELECT 1 FROM alert g WHERE g.rule_id = ${rule.id} AND g.dedupe_key = a.enterprise_uscc)
      GROUP BY a.enterprise_uscc`));
    for (const r of rows) {
      const loans = created.filter((c) => c.enterpriseUscc === r.uscc);
      const flagged = loans.find((c) => c.new.first_loan === true);
      // The banks' 首贷 flag, or no live loan but the ones this change brought.
      const first = flagged ?? (r.live <= loans.length ? loans[0] : undefined);
      if (!first) continue;
      const amount = first.new.amount === null || first.new.amount === undefined ? null : Number(first.new.amount);
      const disbursedOn = first.new.disbursed_on ? String(first.new.disbursed_on).slice(0, 10) : null;
      out.push({
        ruleId: rule.id, kind: rule.kind, severity: SEVERITY[rule.kind], sourceId: first.sourceId,
        dedupeKey: r.uscc, subjectType: 'Loan', subjectKey: first.entityKey, enterpriseUscc: r.uscc, parcelCode: null,
        title: `First loan (首贷) for a listed firm: ${amount ?? '?'} 万元 from ${String(first.new.lender_name ?? 'a bank')}${disbursedOn ? ` on ${disbursedOn}` : ''}`,
        detail: { loan: first.entityKey, lenderCode: first.new.lender_code ?? null, amount, disbursedOn, firstLoanFlag: first.new.first_loan === true },
        factOn: disbursedOn,
      });
    }
  }
  return out;
}
