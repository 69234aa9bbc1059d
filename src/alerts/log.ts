/**
 * alerts/log
 *
 * The event log: alerts and entity changes, appended inside the ingest transaction that
 * caused them, read back by cursor. Appends take one transaction-scoped advisory lock
 * before ids are drawn, so ids are handed out in commit order: a reader that has seen id
 * N will never later find a committed id below N. The NOTIFY sent on commit carries only
 * the new high-water marks; the rows are always read from the log.
 */
import { and, asc, desc, eq, gt, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alert, enterprise, entityChange, landParcel, taxpayer } from '../../schema/index.js';
import type { Db } from '../db/client.js';
import type { Change } from '../ingest/changes.js';
import { rowsOf } from '../db/rows.js';
import { appendRows } from '../ingest/upsert.js';
import type { AlertDraft } from './evaluate.js';
import { valuesByKey } from '../db/any-of.js';
import { alertsRaised, report } from '../platform/channels.js';
import { insertJsonRows } from '../db/json-rows.js';
import { Sql } from '../db/sql-parts.js';

/** The NOTIFY channel every hub instance listens on. */
export const LOG_CHANNEL = 'govgraph_log';
/** Serialises id allocation in `alert` and `entity_change` (held until commit). */
export const LOG_LOCK = 7417002;

export type AlertRow = typeof alert.$inferSelect;
export type ChangeRow = typeof entityChange.$inferSelect;

/** What a NOTIFY on LOG_CHANNEL says: the highest ids the committing transaction wrote. */
export interface LogNotice {
  readonly alert: number | null;
  readonly change: number | null;
}

/** Fills in the enterprise of tax records (by TIN) so watchers of the enterprise see them. */
export async function resolveTaxpayers(tx: Db, changes: readonly Change[]): Promise<Change[]> {
  const tins = [...new Set(changes.filter((c) => c.tin && !c.enterpriseUscc).map((c) => c.tin!))];
  if (tins.length === 0) return [...changes];
  const uscc = await valuesByKey(tx, taxpayer.tin, taxpayer.uscc, tins);
  return changes.map((c) => (c.tin && !c.enterpriseUscc && uscc.get(c.tin) ? { ...c, enterpriseUscc: uscc.get(c.tin)! } : c));
}

/** The division of each alert: its parcel's when it names one, else its enterprise's. */
async function divisions(tx: Db, drafts: readonly AlertDraft[]): Promise<(string | null)[]> {
  const usccs = [...new Set(drafts.filter((d) => !d.parcelCode && d.enterpriseUscc).map((d) => d.enterpriseUscc!))];
  const parcels = [...new Set(drafts.filter((d) => d.parcelCode).map((d) => d.parcelCode!))];
  const byUscc = await valuesByKey(tx, enterprise.uscc, enterprise.divisionCode, usccs);
  const byParcel = await valuesByKey(tx, landParcel.parcelCode, landParcel.divisionCode, parcels);
  // A parcel code begins with its county's division code, so an unknown parcel still has one.
  return drafts.map((d) => (d.parcelCode ? byParcel.get(d.parcelCode) ?? d.parcelCode.slice(0, 6) : d.enterpriseUscc ? byUscc.get(d.enterpriseUscc) ?? null : null));
}

/** What an alert draft writes (with its division), in draft order. */
const ALERT_KEYS = ['ruleId', 'kind', 'severity', 'dedupeKey', 'subjectType', 'subjectKey', 'enterpriseUscc', 'parcelCode', 'divisionCode', 'sourceId', 'title', 'detail', 'factOn'] satisfies (keyof AlertDraft | 'divisionCode')[];
/** An occurrence the rule already raised is skipped; the new ones say their id and kind. */
const NEW_ALERTS = Sql.text(' on conflict (rule_id, dedupe_key) do nothing returning id, kind');
const ALERTS_PER_INSERT = 5000;

/**
 * Appends alerts (an occurrence already raised by the same rule is skipped) and changes,
 * inside the caller's transaction, and queues the NOTIFY that goes out on commit.
 */
export async function appendToLog(tx: Db, drafts: readonly AlertDraft[], changes: readonly Change[]): Promise<{ alerts: number; changes: number }> {
  if (drafts.length === 0 && changes.length === 0) return { alerts: 0, changes: 0 };
  const division = drafts.length ? await divisions(tx, drafts) : [];
  await tx.execute(sql`select pg_advisory_xact_lock(${LOG_LOCK})`);
  let maxAlert: number | null = null;
  const kinds: string[] = [];
  for (let i = 0; i < drafts.length; i += ALERTS_PER_INSERT) {
    const rows = drafts.slice(i, i + ALERTS_PER_INSERT).map((d, j) => ({ ...d, divisionCode: division[i + j] ?? null }));
    const ids = rowsOf<{ id: string | number; kind: string }>(await tx.execute(insertJsonRows(alert, ALERT_KEYS, rows, NEW_ALERTS)));
    for (const { id, kind } of ids) {
      maxAlert = Math.max(maxAlert ?? 0, Number(id));
      kinds.push(kind);
    }
  }
  const inserted = kinds.length;
  // Reported when written (a transaction that then rolls back is rare: a failed batch is retried whole).
  if (inserted) report(alertsRaised, { kinds });
  let maxChange: number | null = null;
  if (changes.length > 0) {
    // COPY: ids are drawn from the sequence under the log lock, so this session's last one is the highest.
    await appendRows(tx, entityChange, changes.map((c) => ({
      entityType: c.entityType, entityKey: c.entityKey, op: c.op, fields: [...c.fields], sourceId: c.sourceId, enterpriseUscc: c.enterpriseUscc, parcelCode: c.parcelCode,
    })));
    const [last] = rowsOf(await tx.execute(sql`select currval(pg_get_serial_sequence('entity_change', 'id')) as id`));
    maxChange = Number(last!.id);
  }
  if (maxAlert !== null || maxChange !== null) {
    const notice: LogNotice = { alert: maxAlert, change: maxChange };
    await tx.execute(sql`select pg_notify(${LOG_CHANNEL}, ${JSON.stringify(notice)})`);
  }
  return { alerts: inserted, changes: changes.length };
}

/** The highest committed ids now. */
export async function highWater(db: Db): Promise<{ alert: number; change: number }> {
  const [a] = await db.select({ id: sql<string | null>`max(${alert.id})` }).from(alert);
  const [c] = await db.select({ id: sql<string | null>`max(${entityChange.id})` }).from(entityChange);
  return { alert: Number(a?.id ?? 0), change: Number(c?.id ?? 0) };
}

export async function alertsAfter(db: Db, afterId: number, limit: number, where: SQL[] = []): Promise<AlertRow[]> {
  return db.select().from(alert).where(and(gt(alert.id, afterId), ...where)).orderBy(asc(alert.id)).limit(limit);
}

export async function alertsBefore(db: Db, beforeId: number | null, limit: number, where: SQL[] = []): Promise<AlertRow[]> {
  return db.select().from(alert).where(and(beforeId === null ? undefined : lt(alert.id, beforeId), ...where)).orderBy(desc(alert.id)).limit(limit);
}

export async function changesAfter(db: Db, afterId: number, limit: number, where: SQL[] = []): Promise<ChangeRow[]> {
  return db.select().from(entityChange).where(and(gt(entityChange.id, afterId), ...where)).orderBy(asc(entityChange.id)).limit(limit);
}

/** Records who acknowledged an alert; the first acknowledgement stands. */
export async function acknowledge(db: Db, id: number, by: string, note: string | null, at: Date): Promise<{ row: AlertRow | null; already: boolean }> {
  const [row] = await db.update(alert).set({ acknowledgedAt: at, acknowledgedBy: by, acknowledgeNote: note }).where(and(eq(alert.id, id), isNull(alert.acknowledgedAt))).returning();
  if (row) return { row, already: false };
  const [existing] = await db.select().from(alert).where(eq(alert.id, id));
  return { row: existing ?? null, already: !!existing };
}

/** Drops entity changes older than the retention window (alerts are kept). Returns how many. */
export async function pruneChanges(db: Db, olderThan: Date): Promise<number> {
  let total = 0;
  for (;;) {
    // In slices, so one prune never holds a huge delete open.
    const slice = db.select({ id: entityChange.id }).from(entityChange).where(lt(entityChange.changedAt, olderThan)).limit(10_000);
    const out = await db.delete(entityChange).where(inArray(entityChange.id, slice)).returning({ id: entityChange.id });
    total += out.length;
    if (out.length < 10_000) return total;
  }
}
