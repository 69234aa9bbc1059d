/**
 * alerts/policy.rules
 *
 * POLICY_ELIGIBLE — 免申即享: an enterprise newly meeting an active support policy's
 * criterion, raised once per (policy version, enterprise) so a department can pay out or
 * notify without the firm applying. Evaluated on the enterprises a transaction changed
 * (their own rows, a record linked to them, or a parcel they hold), read by key, and —
 * when a policy or a new version of it is stored — on every enterprise at once. The
 * criterion is the version's compiled form (schema/support), one statement for all active
 * policies.
 */
import { and, desc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { alertRule, supportPolicy, supportPolicyVersion } from '../../schema/index.js';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { Sql } from '../db/sql-parts.js';
import type { Change } from '../ingest/changes.js';
import { holdersOf } from '../views/holdings.js';
import type { AlertDraft } from './evaluate.js';
import { SEVERITY, type Rule } from './rules.js';

export interface ActivePolicy {
  readonly id: number;
  readonly version: number;
  readonly title: string;
  readonly compiled: readonly (string | { param: unknown })[];
}

const CHUNK = 5000;

/** Policies in force on `today` (not withdrawn, within their period), at their current version. */
export async function activePolicies(tx: Db, today: string, only?: number): Promise<ActivePolicy[]> {
  return tx
    .select({ id: supportPolicy.id, version: supportPolicy.currentVersion, title: supportPolicy.title, compiled: supportPolicyVersion.compiled })
    .from(supportPolicy)
    .innerJoin(supportPolicyVersion, and(eq(supportPolicyVersion.policyId, supportPolicy.id), eq(supportPolicyVersion.version, supportPolicy.currentVersion)))
    .where(and(eq(supportPolicy.withdrawn, false), or(isNull(supportPolicy.validFrom), lte(supportPolicy.validFrom, today)), or(isNull(supportPolicy.validTo), gte(supportPolicy.validTo, today)),
      only === undefined ? undefined : eq(supportPolicy.id, only)))
    .orderBy(supportPolicy.id);
}

/** The enabled POLICY_ELIGIBLE rule, or null. */
export async function eligibilityRule(tx: Db): Promise<{ id: number } | null> {
  const [r] = await tx.select({ id: alertRule.id }).from(alertRule).where(and(eq(alertRule.kind, 'POLICY_ELIGIBLE'), eq(alertRule.enabled, true))).orderBy(desc(alertRule.id)).limit(1);
  return r ?? null;
}

/** The enterprises (all, or those of `usccs`) meeting one policy's criterion: `policy`, `version`, `uscc`; `and` narrows further. */
export function policyMatchSql(p: { id: number; version: number }, criterion: Sql, usccs: readonly string[] | null, and: Sql = Sql.text('')): Sql {
  return Sql.of`SELECT ${p.id}::int AS policy, ${p.version}::int AS version, "enterprise".uscc FROM enterprise
    WHERE "enterprise".uscc IS NOT NULL${usccs ? Sql.of` AND "enterprise".uscc = ANY(${[...usccs]}::text[])` : Sql.text('')} AND (${criterion})${and}`;
}

/** Drafts for the enterprises (all, or those of `usccs`) meeting each policy and not announced for its version yet. */
export async function eligibleDrafts(tx: Db, rule: { id: number }, policies: readonly ActivePolicy[], usccs: readonly string[] | null, sourceId: string | null, today: string): Promise<AlertDraft[]> {
  if (!policies.length || usccs?.length === 0) return [];
  const one = (p: ActivePolicy) => policyMatchSql(p, Sql.fromParts(p.compiled), usccs,
    Sql.of` AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.rule_id = ${rule.id}::int AND a.dedupe_key = ${`${p.id}:${p.version}:`} || "enterprise".uscc)`);
  const query = Sql.join(policies.map(one), ' UNION ALL ').append(Sql.text(' ORDER BY 1, 3'));
  const rows = rowsOf<{ policy: number; version: number; uscc: string }>(await tx.execute(query.toDrizzle()));
  const titles = new Map(policies.map((p) => [p.id, p.title]));
  return rows.map((r) => ({
    ruleId: rule.id, kind: 'POLICY_ELIGIBLE', severity: SEVERITY.POLICY_ELIGIBLE, sourceId,
    dedupeKey: `${r.policy}:${r.version}:${r.uscc}`, subjectType: 'Enterprise', subjectKey: r.uscc, enterpriseUscc: r.uscc, parcelCode: null,
    title: `Eligible for support policy ${r.policy} v${r.version} (免申即享): ${titles.get(Number(r.policy))}`,
    detail: { policyId: Number(r.policy), version: Number(r.version), title: titles.get(Number(r.policy)) }, factOn: today,
  }));
}

export async function policyEligible(rule: Rule<'POLICY_ELIGIBLE'>, changes: readonly Change[], today: string, tx: Db): Promise<AlertDraft[]> {
  const trigger = await enterprisesNamed(tx, changes);
  if (!trigger.size) return [];
  const usccs = [...trigger.keys()];
  const policies = await activePolicies(tx, today);
  const out: AlertDraft[] = [];
  for (let i = 0; i < usccs.length; i += CHUNK) {
    const drafts = await eligibleDrafts(tx, rule, policies, usccs.slice(i, i + CHUNK), null, today);
    out.push(...drafts.map((d) => ({ ...d, sourceId: trigger.get(d.subjectKey) ?? null })));
  }
  return out;
}

/**
 * The enterprises whose eligibility the changes may have moved, each with the source of a
 * change that names it: an enterprise's own rows and records linked to it, and for a change
 * to a parcel, its events, units or registrations, the enterprises holding that parcel
 * (views/holdings), since a criterion may test the land they hold.
 */
async function enterprisesNamed(tx: Db, changes: readonly Change[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const parcels = new Map<string, string>();
  for (const c of changes) {
    if (c.enterpriseUscc) out.set(c.enterpriseUscc, c.sourceId);
    if (c.parcelCode) parcels.set(c.parcelCode.slice(0, 19), c.sourceId);
  }
  if (!parcels.size) return out;
  const rows = rowsOf<{ code: string; uscc: string }>(await tx.execute(Sql.of`SELECT x.code, h.uscc FROM unnest(${[...parcels.keys()]}::text[]) AS x(code)
    CROSS JOIN LATERAL (${Sql.text(holdersOf('x.code'))}) AS h(uscc)`.toDrizzle()));
  for (const r of rows) if (!out.has(r.uscc)) out.set(r.uscc, parcels.get(r.code)!);
  return out;
}
