/**
 * analyst/grouping
 *
 * What every grouped statistic does with its `groupBy` (the analyst statistics, the
 * no-loan list's, a parcel's days per stage): the dimensions it names, checked before any
 * SQL — not too many, none twice, each on a field the caller may read in the clear — their
 * key columns (`k0`, `k1`, …), a result row's key (a division's name beside its code) and
 * its id, and where a group came from.
 */
import { lookupDivision } from '../../domain/divisions.js';
import type { Cols } from '../planner/declare.js';
import { BadUserInputError } from '../errors.js';
import { requireClear, type AnalystEnv } from './access.js';
import { FILTER_LIMITS, type GroupDim } from './spec.js';

/** The dimensions `groupBy` names, in its order; refused (BAD_USER_INPUT, FORBIDDEN) before any SQL. */
export function groupDims(groups: Readonly<Record<string, GroupDim>>, groupBy: readonly string[], env: AnalystEnv, what: string, max: number = FILTER_LIMITS.groupKeys): GroupDim[] {
  if (groupBy.length > max) throw new BadUserInputError(`groupBy takes at most ${max} dimensions`, { argument: 'groupBy', limit: 'groupKeys', max });
  if (new Set(groupBy).size !== groupBy.length) throw new BadUserInputError('groupBy names a dimension twice', { argument: 'groupBy' });
  return groupBy.map((g, i) => {
    const dim = groups[g];
    if (!dim) throw new BadUserInputError(`${what} cannot be grouped by ${g}`, { argument: `groupBy[${i}]` });
    const [type, field] = dim.field.split('.') as [string, string];
    requireClear(env, type, field, 'Grouping by', `groupBy[${i}]`);
    return dim;
  });
}

/** `(<dimension>)::text AS k<i>` for each dimension, over the row's columns. */
export const keyColumns = (dims: readonly GroupDim[], c: Cols): string[] => dims.map((d, i) => `(${d.sql(c)})::text AS k${i}`);

/** A result row's group key: each dimension's value by its key name, and a division's name beside its code. */
export function groupKeyOf(dims: readonly GroupDim[], row: Readonly<Record<string, unknown>>): Record<string, string | null> {
  const key: Record<string, string | null> = {};
  dims.forEach((d, i) => {
    const v = (row[`k${i}`] as string | null | undefined) ?? null;
    key[d.key] = v;
    if (d.division) key[`${d.key}Name`] = v ? (lookupDivision(v)?.name ?? null) : null;
  });
  return key;
}

/** Where a statistics group came from (its call's filter and groupBy, its key columns' values), kept on each group out of sight, for a view that adds figures per group (views/stage-durations). */
export const GROUP_ORIGIN = Symbol('the statistic a group belongs to');
export interface GroupOrigin {
  readonly call: { readonly filter?: Readonly<Record<string, unknown>> | null; readonly groupBy: readonly string[] };
  /** The group's key column values (`k0`, `k1`, …) as one string. */
  readonly id: string;
}

/** A result row's key column values as one string: the same group from two statements has the same id. */
export const groupIdOf = (dims: number, row: Readonly<Record<string, unknown>>): string => JSON.stringify(Array.from({ length: dims }, (_d, i) => row[`k${i}`] ?? null));
