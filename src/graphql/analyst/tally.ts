/**
 * analyst/tally
 *
 * A connection's count from the tally the database keeps for its table (`spec.tally`,
 * kept by triggers in the writing transaction). When the filter and the caller's row scope
 * read only the tally's columns, every row of one tally group meets them alike, so the
 * count is the sum of `n` over the groups that do: exact, in the statement's own snapshot,
 * reading a few tally rows instead of every match. A filter or scope that reads any other
 * column (a name, a date, a link) is counted over the rows themselves.
 */
import { getTableName } from 'drizzle-orm';
import { colsOf, tableSql, type Cols } from '../planner/declare.js';
import type { AnalystSpec } from './spec.js';
import { Sql } from '../../db/sql-parts.js';

/** Thrown while compiling against the tally when a condition reads a column it does not keep. */
class NotTallied extends Error {}
const notTallied = (): never => {
  throw new NotTallied();
};

/**
 * The count of `spec`'s rows meeting `where` (the filter and the caller's row scope, over
 * given columns), from its tally; null when the tally cannot answer.
 */
export function tallyCount(spec: AnalystSpec, where: (c: Cols) => Sql): Sql | null {
  if (!spec.tally) return null;
  const c = colsOf(spec.tally, getTableName(spec.tally), notTallied);
  try {
    return Sql.of`(SELECT coalesce(sum(n), 0)::int FROM ${Sql.text(tableSql(spec.tally))} WHERE ${where(c)})`;
  } catch (e) {
    if (e instanceof NotTallied) return null;
    throw e;
  }
}
