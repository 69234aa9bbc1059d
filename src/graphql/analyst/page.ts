/**
 * analyst/page
 *
 * One page of a filtered, ordered connection as SQL pieces both read paths assemble: the
 * rows (`first` after a cursor, or `last` before one, read backwards), the condition for
 * the count, and whether rows lie on either side of the page. The resolvers run the rows
 * as one drizzle select; the read planner puts every piece into its one statement.
 */
import { pageSize } from '../common/connection.js';
import { BadUserInputError } from '../errors.js';
import { colsOf, tableSql, type Cols } from '../planner/declare.js';
import { objectType, type AnalystEnv } from './access.js';
import { filterSql, rootCols } from './filter-sql.js';
import { beyondRanges, beyondSql, cursorSql, decodeKeyset, orderingOf, orderSql } from './order.js';
import type { AnalystSpec } from './spec.js';
import { tallyCount } from './tally.js';
import { allOf, Sql } from '../../db/sql-parts.js';

export interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
  readonly filter?: Readonly<Record<string, unknown>> | null;
  readonly orderBy?: readonly { field: string; direction?: string }[] | null;
}

export interface Page {
  /** Rows in the page: at most `n`, and one more to tell whether there are others beyond. */
  readonly n: number;
  /** Read from the end (`last`): rows come back in reverse order. */
  readonly backward: boolean;
  /** The table, read under its own name. */
  readonly from: string;
  /** Filter and row scope: the rows the connection holds. */
  readonly matching: Sql;
  /** How many they are, as a scalar subquery: from the table's tally where it can answer (analyst/tally), else `count(*)` of `matching`. */
  count(): Sql;
  /**
   * The page's rows: at most `n + 1` of `matching` within the cursors, in scan order, under
   * the table's own name — one statement both read paths select from. A page after (or
   * before) a cursor on an order whose first field may be empty reads two index ranges and
   * merges them (analyst/order beyondRanges), not the index from its start.
   */
  readonly rows: Sql;
  /** `ORDER BY` as read (reversed when backward). */
  readonly scanOrder: string;
  /** The cursor of a row, over the table's own columns. */
  readonly cursor: string;
  /** Whether rows lie before the cursor `after` (forward) or beyond `before` (backward); null when there is no such cursor. */
  readonly outside: Sql | null;
}

/** The rows of `spec` a principal may see from the root: its scope, or its parent's. */
function rootScope(spec: AnalystSpec, c: Cols, env: AnalystEnv): string {
  const through = spec.ownedThrough;
  if (!through) return env.scope(objectType(env.env.schema, spec.typeName), c, true);
  const alias = env.alias();
  const p = colsOf(through.table, alias);
  return `EXISTS (SELECT 1 FROM ${tableSql(through.table)} ${alias} WHERE (${through.on(c, p)}) AND ${env.scope(objectType(env.env.schema, through.type), p, true)})`;
}

/** The filter and the caller's row scope over columns `c` (the table's own, or its tally's): what a connection or a statistic holds. */
export function filterInScope(spec: AnalystSpec, filter: PageArgs['filter'], c: Cols, env: AnalystEnv): Sql[] {
  return [filterSql(spec, filter, c, env), Sql.text(rootScope(spec, c, env))];
}

/** `base`: a condition every row of the list meets besides the filter (a view's own rule, e.g. the no-loan list's). */
export function pageOf(spec: AnalystSpec, args: PageArgs, env: AnalystEnv, base?: Sql): Page {
  if (args.first != null && args.last != null) throw new BadUserInputError('Give first or last, not both', { argument: 'last' });
  const backward = args.last != null;
  const n = backward ? pageSize(args.last, 'last') : pageSize(args.first);
  const ordering = orderingOf(spec, args.orderBy, env);
  const c = rootCols(spec);
  const matching = allOf([...filterInScope(spec, args.filter, c, env), ...(base ? [base] : [])]);
  const after = args.after != null ? decodeKeyset(ordering, args.after, 'after') : null;
  const before = args.before != null ? decodeKeyset(ordering, args.before, 'before') : null;
  const from = tableSql(spec.table);
  const scanOrder = orderSql(ordering, c, backward);
  const ordered = Sql.text(` ORDER BY ${scanOrder} LIMIT ${n + 1}`);
  const read = (where: Sql) => Sql.of`SELECT * FROM ${Sql.text(from)} WHERE ${where}${ordered}`;
  // One cursor: its rows beyond as index ranges where the order allows; both: as conditions.
  const ranges = after && before ? null : after ? beyondRanges(ordering, c, after, 'after') : before ? beyondRanges(ordering, c, before, 'before') : null;
  let rows: Sql;
  if (ranges?.also) {
    rows = Sql.of`SELECT * FROM ((${read(allOf([matching, ranges.seek]))}) UNION ALL (${read(allOf([matching, ranges.also]))})) ${Sql.text(from)}${ordered}`;
  } else if (ranges) {
    rows = read(allOf([matching, ranges.seek]));
  } else {
    const bounds = [matching];
    if (after) bounds.push(beyondSql(ordering, c, after, 'after'));
    if (before) bounds.push(beyondSql(ordering, c, before, 'before'));
    rows = read(allOf(bounds));
  }
  // Rows on the far side of the cursor the page starts from (the near side is counted by `limit n + 1`).
  const edge = backward ? before : after;
  const outside = edge
    ? Sql.of`EXISTS (SELECT 1 FROM ${Sql.text(from)} WHERE ${matching} AND (${beyondSql(ordering, c, edge, backward ? 'before' : 'after')}) IS NOT TRUE)`
    : null;
  const count = () =>
    (!base && tallyCount(spec, (t) => allOf(filterInScope(spec, args.filter, t, env)))) || Sql.of`(SELECT count(*)::int FROM ${Sql.text(from)} WHERE ${matching})`;
  return { n, backward, from, matching, count, rows, scanOrder, cursor: cursorSql(ordering, c), outside };
}
