/**
 * common/filters
 *
 * Filter conditions shared by list queries.
 */
import { and, gte, lt, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { divisionRange, isKnownDivision } from '../../domain/divisions.js';
import type { EntityGate } from '../entity-gate.js';
import { BadUserInputError } from '../errors.js';

/**
 * The row condition of the principal's policy for `type`, as SQL: a district office's
 * lists and counts hold its own division's rows only (the entity gate applies the same
 * rule to every row returned any other way).
 */
export function visibleRows(gate: EntityGate, type: string, column: PgColumn): SQL | undefined {
  const { principal, policy } = gate;
  if (!principal.division || !policy.rowsByDivision(principal.department, type)) return undefined;
  const { from, to } = divisionRange(principal.division);
  return and(gte(column, from), lt(column, to));
}

/** `column` within a division: one county, or every county of a city / province (an indexed range). */
export function divisionCondition(column: PgColumn, division: string, argument: string): SQL {
  if (!/^\d{6}$/.test(division) || !isKnownDivision(division)) {
    throw new BadUserInputError('division must be a known 6-digit GB/T 2260 code', { argument });
  }
  const { from, to } = divisionRange(division);
  return and(gte(column, from), lt(column, to))!;
}
