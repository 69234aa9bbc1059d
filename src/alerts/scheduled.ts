/**
 * alerts/scheduled
 *
 * Rules the calendar alone can make true: a license entering its expiry window, a parcel
 * whose latest lifecycle event grows old. Each run reads only the window that can hold new
 * occurrences (licenses expiring by today + N days; parcel events that crossed the age
 * limit since the rule's last run), by index, in pages, each page appended to the log in
 * its own transaction. An occurrence already raised is skipped, so two hubs running the
 * schedule at once raise it once.
 */
import { and, asc, eq, gt, gte, lte, sql } from 'drizzle-orm';
import { alert, alertRule, license, parcelEvent } from '../../schema/index.js';
import type { Database, Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { addDays, chinaToday, licenseExpiringDraft, type AlertDraft } from './evaluate.js';
import { appendToLog } from './log.js';
import { loadRules } from './rule-store.js';
import { SEVERITY, type Rule } from './rules.js';

const PAGE = 2000;

export interface ScheduledResult {
  readonly rules: number;
  readonly alerts: number;
}

export async function evaluateScheduled(database: Database, now: Date): Promise<ScheduledResult> {
  const today = chinaToday(now);
  const rules = (await loadRules(database.background)).filter((r) => r.kind === 'LICENSE_EXPIRING' || r.kind === 'PARCEL_STALLED');
  let alerts = 0;
  for (const rule of rules) {
    alerts += rule.kind === 'LICENSE_EXPIRING' ? await licensesExpiring(database, rule as Rule<'LICENSE_EXPIRING'>, today) : await parcelsStalled(database, rule as Rule<'PARCEL_STALLED'>, today);
    await database.background.update(alertRule).set({ scheduledThrough: today }).where(eq(alertRule.id, rule.id));
  }
  return { rules: rules.length, alerts };
}

/**
 * Which of `keys` rule `ruleId` has raised already: one statement per page, joined from the
 * keys, so each is one probe of the dedupe index whatever the alert table's statistics say
 * (a first run fills an alert table the planner still thinks empty, and an anti-join
 * planned for an empty table rescans it for every row).
 */
async function alreadyRaised(database: Database, ruleId: number, keys: readonly string[]): Promise<Set<string>> {
  const rows = rowsOf<{ k: string }>(await database.background.execute(
    sql`select a.dedupe_key as k from unnest(${sql.param([...keys])}::text[]) as wanted(k) join ${alert} a on a.rule_id = ${ruleId} and a.dedupe_key = wanted.k`));
  return new Set(rows.map((r) => r.k));
}

/** Appends the drafts of `rows` not raised before. */
async function raiseNew<T>(database: Database, ruleId: number, rows: readonly T[], draft: (row: T) => AlertDraft): Promise<number> {
  const drafts = rows.map(draft);
  const seen = await alreadyRaised(database, ruleId, drafts.map((d) => d.dedupeKey));
  const fresh = drafts.filter((d) => !seen.has(d.dedupeKey));
  return fresh.length ? append(database, fresh) : 0;
}

async function licensesExpiring(database: Database, rule: Rule<'LICENSE_EXPIRING'>, today: string): Promise<number> {
  const until = addDays(today, rule.params.daysBefore);
  // Paged by (valid_to, license_id), the order of their index: each page reads its own rows,
  // not the rest of the window again (a million licenses' window is tens of thousands).
  let after = { validTo: today, licenseId: '' };
  let raised = 0;
  for (;;) {
    const rows = await database.background
      .select({ licenseId: license.licenseId, typeName: license.typeName, validTo: license.validTo, holderUscc: license.holderUscc })
      .from(license)
      .where(and(gte(license.validTo, today), lte(license.validTo, until), eq(license.status, 'VALID'),
        sql`(${license.validTo}, ${license.licenseId}) > (${after.validTo}::date, ${after.licenseId})`))
      .orderBy(asc(license.validTo), asc(license.licenseId))
      .limit(PAGE);
    if (rows.length === 0) return raised;
    raised += await raiseNew(database, rule.id, rows, (l) => licenseExpiringDraft(rule, { ...l, validTo: l.validTo! }, null, today));
    const last = rows.at(-1)!;
    after = { validTo: last.validTo!, licenseId: last.licenseId };
    if (rows.length < PAGE) return raised;
  }
}

async function parcelsStalled(database: Database, rule: Rule<'PARCEL_STALLED'>, today: string): Promise<number> {
  const cutoff = addDays(today, -rule.params.days);
  // Events older than the previous run's cutoff were judged then.
  const lower = rule.scheduledThrough ? addDays(rule.scheduledThrough, -rule.params.days) : null;
  const finals = sql`${sql.param([...rule.params.finalStages])}::text[]`;
  let after = 0;
  let raised = 0;
  for (;;) {
    const rows = await database.background
      .select({ eventId: parcelEvent.eventId, parcelCode: parcelEvent.parcelCode, stage: parcelEvent.stage, occurredOn: parcelEvent.occurredOn, enterpriseUscc: parcelEvent.enterpriseUscc })
      .from(parcelEvent)
      .where(and(
        lte(parcelEvent.occurredOn, cutoff),
        lower ? gt(parcelEvent.occurredOn, lower) : undefined,
        gt(parcelEvent.eventId, after),
        sql`not (${parcelEvent.stage} = any(${finals}))`,
        sql`not exists (select 1 from ${parcelEvent} l where l.parcel_code = ${parcelEvent.parcelCode}
          and (l.occurred_on > ${parcelEvent.occurredOn} or (l.occurred_on = ${parcelEvent.occurredOn} and l.event_id > ${parcelEvent.eventId})))`,
      ))
      .orderBy(asc(parcelEvent.eventId))
      .limit(PAGE);
    if (rows.length === 0) return raised;
    raised += await raiseNew(database, rule.id, rows, (e): AlertDraft => {
      const idle = Math.round((Date.parse(today) - Date.parse(e.occurredOn!)) / 86_400_000);
      return {
        ruleId: rule.id, kind: rule.kind, severity: SEVERITY[rule.kind], dedupeKey: `${e.parcelCode}:${e.eventId}`, subjectType: 'LandParcel',
        subjectKey: e.parcelCode, enterpriseUscc: e.enterpriseUscc, parcelCode: e.parcelCode, sourceId: null,
        title: `Parcel ${e.parcelCode} has stayed at ${e.stage} since ${e.occurredOn} (${idle} days)`,
        detail: { parcelCode: e.parcelCode, stage: e.stage, since: e.occurredOn, idleDays: idle, eventId: e.eventId }, factOn: e.occurredOn,
      };
    });
    after = rows.at(-1)!.eventId;
    if (rows.length < PAGE) return raised;
  }
}

async function append(database: Database, drafts: AlertDraft[]): Promise<number> {
  return database.background.transaction(async (t) => (await appendToLog(t as unknown as Db, drafts, [])).alerts);
}
