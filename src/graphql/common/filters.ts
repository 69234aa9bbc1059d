/**
 * common/filters
 *
 * Filter conditions shared by list queries.
 */
import { and, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { divisionRange } from '../../domain/divisions.js';
import type { DataClassName } from '../../policy/classes.js';
import type { EntityGate } from '../entity-gate.js';

/**
 * A scoped principal's row condition as SQL, for a type owned by its own division column:
 * a district office's lists and counts hold its own division's rows only (the entity gate
 * applies the same rule to every row returned any other way).
 */
export function visibleRows(gate: EntityGate, column: PgColumn): SQL | undefined {
  if (!gate.principal.division) return undefined;
  const { from, to } = divisionRange(gate.principal.division);
  return and(gte(column, from), lt(column, to));
}

/** Rows whose `column` (an alert's kind, a change's record type) reports a class the principal may read. */
export function readableFacts(gate: EntityGate, column: PgColumn, classes: Readonly<Record<string, DataClassName>>): SQL {
  const values = gate.readableFacts(classes);
  return values.length ? inArray(column, values) : sql`false`;
}
