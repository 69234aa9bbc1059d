/**
 * alerts/rule-store
 *
 * Reading and managing the rules in `alert_rule`. Parameters are checked against their
 * kind's schema before anything is stored; a rule is identified by its id, and its name is
 * unique.
 */
import { asc, eq } from 'drizzle-orm';
import { alertRule } from '../../schema/index.js';
import type { Db } from '../db/client.js';
import { checkParams, toRule, type AlertKind, type Rule } from './rules.js';

export type RuleRow = typeof alertRule.$inferSelect;

export class RuleError extends Error {
  constructor(
    readonly code: 'INVALID_RULE_PARAMS' | 'RULE_NAME_TAKEN' | 'RULE_NOT_FOUND',
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

/** Enabled rules whose stored parameters still parse, in id order. */
export async function loadRules(db: Db): Promise<Rule[]> {
  const rows = await db.select().from(alertRule).where(eq(alertRule.enabled, true)).orderBy(asc(alertRule.id));
  return rows.map(toRule).filter((r): r is Rule => r !== null);
}

export async function listRules(db: Db): Promise<RuleRow[]> {
  return db.select().from(alertRule).orderBy(asc(alertRule.id));
}

function checked(kind: AlertKind, params: unknown): Record<string, unknown> {
  const c = checkParams(kind, params);
  if (!c.ok) throw new RuleError('INVALID_RULE_PARAMS', `Invalid parameters for ${kind}: ${c.problems.join('; ')}`, c.problems);
  return c.params;
}

const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  return err.code === '23505' || err.cause?.code === '23505';
};

export async function createRule(db: Db, input: { kind: AlertKind; name: string; params: unknown; enabled: boolean }, by: string): Promise<RuleRow> {
  const params = checked(input.kind, input.params);
  try {
    const [row] = await db.insert(alertRule).values({ kind: input.kind, name: input.name, params, enabled: input.enabled, updatedBy: by }).returning();
    return row!;
  } catch (e) {
    if (isUniqueViolation(e)) throw new RuleError('RULE_NAME_TAKEN', 'A rule with that name already exists');
    throw e;
  }
}

export async function updateRule(db: Db, id: number, patch: { name?: string | null; params?: unknown; enabled?: boolean | null }, by: string, at: Date): Promise<RuleRow> {
  const [current] = await db.select().from(alertRule).where(eq(alertRule.id, id));
  if (!current) throw new RuleError('RULE_NOT_FOUND', 'No alert rule with that id');
  const set: Partial<typeof alertRule.$inferInsert> = { updatedBy: by, updatedAt: at };
  if (patch.name !== undefined && patch.name !== null) set.name = patch.name;
  if (patch.enabled !== undefined && patch.enabled !== null) set.enabled = patch.enabled;
  if (patch.params !== undefined && patch.params !== null) set.params = checked(current.kind as AlertKind, patch.params);
  try {
    const [row] = await db.update(alertRule).set(set).where(eq(alertRule.id, id)).returning();
    return row!;
  } catch (e) {
    if (isUniqueViolation(e)) throw new RuleError('RULE_NAME_TAKEN', 'A rule with that name already exists');
    throw e;
  }
}

/** Deletes a rule; the alerts it raised stay in the log. */
export async function deleteRule(db: Db, id: number): Promise<RuleRow> {
  const [row] = await db.delete(alertRule).where(eq(alertRule.id, id)).returning();
  if (!row) throw new RuleError('RULE_NOT_FOUND', 'No alert rule with that id');
  return row;
}
