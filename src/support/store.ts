/**
 * support/store
 *
 * 免申即享 — support policies as records: created, changed and withdrawn by mutation
 * (who may is the department policy's decision), versioned (a changed criterion or
 * parameter is a new version; a new title or period is not). Storing a policy, or a new
 * version of it, announces every enterprise that meets it right away (POLICY_ELIGIBLE, in
 * the same transaction); from then on ingest announces those a change makes eligible.
 */
import { and, asc, eq, getTableColumns, inArray } from 'drizzle-orm';
import { supportPolicy, supportPolicyVersion } from '../../schema/index.js';
import { appendToLog } from '../alerts/log.js';
import { activePolicies, eligibilityRule, eligibleDrafts } from '../alerts/policy.rules.js';
import type { Db } from '../db/client.js';
import { chinaToday } from '../domain/china-day.js';

export type VersionRow = typeof supportPolicyVersion.$inferSelect;
/** A policy with its current version's criterion and parameters. */
export type PolicyRow = typeof supportPolicy.$inferSelect & Pick<VersionRow, 'criteria' | 'params'>;

export class SupportPolicyNotFound extends Error {}

export interface PolicyFields {
  readonly title: string;
  readonly issuer: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

export interface Criterion {
  readonly criteria: Record<string, unknown>;
  readonly params: Record<string, unknown>;
  /** The criterion compiled under the author's policy (db/sql-parts parts). */
  readonly compiled: readonly (string | { param: unknown })[];
}

export interface Stored {
  readonly policy: PolicyRow;
  /** Enterprises announced eligible by this change. */
  readonly announced: number;
}

/** Announces the enterprises meeting policy `id`'s current version (if it is in force and the rule enabled). */
async function announce(tx: Db, id: number, now: Date): Promise<number> {
  const rule = await eligibilityRule(tx);
  if (!rule) return 0;
  const today = chinaToday(now);
  const drafts = await eligibleDrafts(tx, rule, await activePolicies(tx, today, id), null, null, today);
  return (await appendToLog(tx, drafts, [])).alerts;
}

export async function createPolicy(db: Db, fields: PolicyFields, c: Criterion, by: string, now: Date): Promise<Stored> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [{ id }] = (await tx.insert(supportPolicy).values({ ...fields, currentVersion: 1, createdBy: by, updatedBy: by, createdAt: now, updatedAt: now }).returning({ id: supportPolicy.id })) as [{ id: number }];
    await tx.insert(supportPolicyVersion).values({ policyId: id, version: 1, ...c, compiled: [...c.compiled], createdBy: by, createdAt: now });
    const announced = await announce(tx, id, now);
    return { policy: (await getPolicy(tx, id))!, announced };
  });
}

/** Changes a policy: new fields in place; a new criterion (or parameters) as a new version. */
export async function updatePolicy(db: Db, id: number, fields: Partial<PolicyFields>, c: Criterion | null, by: string, now: Date): Promise<Stored> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [current] = await tx.select().from(supportPolicy).where(eq(supportPolicy.id, id)).for('update');
    if (!current) throw new SupportPolicyNotFound(`support policy ${id}`);
    const versions = await versionsOf(tx, id);
    const head = versions.find((v) => v.version === current.currentVersion)!;
    const changed = c !== null && (JSON.stringify(c.criteria) !== JSON.stringify(head.criteria) || JSON.stringify(c.params) !== JSON.stringify(head.params));
    const version = changed ? Math.max(...versions.map((v) => v.version)) + 1 : current.currentVersion;
    if (changed) await tx.insert(supportPolicyVersion).values({ policyId: id, version, ...c!, compiled: [...c!.compiled], createdBy: by, createdAt: now });
    await tx.update(supportPolicy).set({ ...fields, currentVersion: version, updatedBy: by, updatedAt: now }).where(eq(supportPolicy.id, id));
    // A new version, or a new period (which may now cover today), announces who meets it (already announced versions are
    // not repeated); a new title or issuer changes nothing anyone meets, and reads no enterprise.
    const announced = changed || fields.validFrom !== undefined || fields.validTo !== undefined ? await announce(tx, id, now) : 0;
    return { policy: (await getPolicy(tx, id))!, announced };
  });
}

export async function withdrawPolicy(db: Db, id: number, by: string, now: Date): Promise<PolicyRow> {
  const changed = await db.update(supportPolicy).set({ withdrawn: true, updatedBy: by, updatedAt: now }).where(eq(supportPolicy.id, id)).returning({ id: supportPolicy.id });
  if (!changed.length) throw new SupportPolicyNotFound(`support policy ${id}`);
  return (await getPolicy(db, id))!;
}

/** Policies with their current criterion, oldest first (one statement). */
function withHead(db: Db) {
  return db
    .select({ ...getTableColumns(supportPolicy), criteria: supportPolicyVersion.criteria, params: supportPolicyVersion.params })
    .from(supportPolicy)
    .innerJoin(supportPolicyVersion, and(eq(supportPolicyVersion.policyId, supportPolicy.id), eq(supportPolicyVersion.version, supportPolicy.currentVersion)));
}

export const listPolicies = (db: Db): Promise<PolicyRow[]> => withHead(db).orderBy(asc(supportPolicy.id));

export async function getPolicy(db: Db, id: number): Promise<PolicyRow | null> {
  const [p] = await withHead(db).where(eq(supportPolicy.id, id));
  return p ?? null;
}

export const versionsOf = (db: Db, id: number): Promise<VersionRow[]> =>
  db.select().from(supportPolicyVersion).where(eq(supportPolicyVersion.policyId, id)).orderBy(asc(supportPolicyVersion.version));

/** The versions of several policies in one statement, each policy's oldest first. */
export async function versionsOfMany(db: Db, ids: readonly number[]): Promise<Map<number, VersionRow[]>> {
  const rows = await db.select().from(supportPolicyVersion).where(inArray(supportPolicyVersion.policyId, [...ids])).orderBy(asc(supportPolicyVersion.policyId), asc(supportPolicyVersion.version));
  const by = new Map<number, VersionRow[]>(ids.map((id) => [id, []]));
  for (const r of rows) by.get(r.policyId)?.push(r);
  return by;
}
