/**
 * common/filters
 *
 * Filter conditions shared by list queries.
 */
import { and, gte, lt, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { divisionRange, isKnownDivision } from '../../domain/divisions.js';
import { BadUserInputError } from '../errors.js';

/** `column` within a division: one county, or every county of a city / province (an indexed range). */
export function divisionCondition(column: PgColumn, division: string, argument: string): SQL {
  if (!/^\d{6}$/.test(division) || !isKnownDivision(division)) {
    throw new BadUserInputError('division must be a known 6-digit GB/T 2260 code', { argument });
  }
  const { from, to } = divisionRange(division);
  return and(gte(column, from), lt(column, to))!;
}
