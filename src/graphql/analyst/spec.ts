/**
 * analyst/spec
 *
 * One description per entity type of what analysts may ask of it: the fields a filter
 * takes (and the kind of each, which fixes its operators), the links a filter may follow,
 * the fields a list may be ordered by, and for aggregates the dimensions it may be grouped
 * by and the measures summed. Everything an analyst sees — the filter, order and group-by
 * inputs, the connection, the statistics types — is generated from this one description
 * (analyst/inputs, analyst/stats-types); the SQL of a link is the planner's own `@Link`.
 * Property names are the GraphQL type's field names, which are the drizzle columns'.
 */
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Cols } from '../planner/declare.js';

/** A closed list of codes: the GraphQL enum (its values are the stored codes) and its name. */
export interface EnumKind {
  readonly enum: Record<string, string>;
  readonly name: string;
}

/**
 * text: eq, ne, in, isNull, startsWith, contains · date, int, amount: eq, ne, in, isNull,
 * gt, gte, lt, lte · bool: eq, isNull · division: within (a code covering its
 * sub-divisions), in, isNull · landUse: a GB/T 21010 code, eq, ne, in, isNull, startsWith ·
 * an enum: eq, ne, in, isNull.
 */
export type ScalarKind = 'text' | 'date' | 'int' | 'amount' | 'bool' | 'division' | 'landUse' | EnumKind;

/** A value groups are formed by. */
export interface GroupDim {
  /** The group key's field name (`county`). */
  readonly key: string;
  /** The value as SQL over the row's columns. */
  readonly sql: (c: Cols) => string;
  /** `Type.field` whose policy decides who may group by it (and the class its key carries). */
  readonly field: string;
  /** A division code: the key also names it (`countyName`). */
  readonly division?: boolean;
  readonly description: string;
}

export type MeasureKind = 'amount' | 'int' | 'date';

export interface StatsSpec {
  /** The root field (`enterpriseStats`). */
  readonly root: string;
  readonly description: string;
  /** GROUP_BY enum value → dimension. */
  readonly groups: Readonly<Record<string, GroupDim>>;
  /** Fields aggregated: amounts and integers are summed and averaged, all take min and max. */
  readonly measures: Readonly<Record<string, MeasureKind>>;
}

export interface AnalystSpec {
  /** The GraphQL object type (a type-graphql class) and its name. */
  readonly type: Function;
  readonly typeName: string;
  /** What the type is called in Chinese (`企业`): the generated descriptions lead with it. */
  readonly label: string;
  readonly table: PgTable;
  /** The primary key column: the last ordering key of every page, which makes keyset cursors total. */
  readonly tiebreak: string;
  readonly fields: Readonly<Record<string, ScalarKind>>;
  /**
   * Text fields with a `gg_bigrams` GIN index (analyst/bigrams): their `contains` and
   * `startsWith` of two or more characters read it; other text searches read every row in range.
   */
  readonly searchable?: readonly string[];
  /** Links a filter may follow (`some` / `none` / `every` for a list, the linked row's filter for one): the type's `@Link` fields. */
  readonly relations: Readonly<Record<string, Relation>>;
  /** Fields a list may be ordered by (the tiebreak always ends the order). */
  readonly order: readonly string[];
  /** A root connection over this type (`licenses`). */
  readonly connection?: { readonly root: string; readonly description: string };
  readonly stats?: StatsSpec;
  /**
   * A type owned by its parent row (a tax payment by its taxpayer): read from the root, a
   * row is the caller's when its parent is.
   */
  readonly ownedThrough?: { readonly type: string; readonly table: PgTable; readonly on: (c: Cols, parent: Cols) => string };
  /**
   * A table of counts kept by the database (a few of `table`'s columns, under the same
   * names, and `n` rows holding them): a count whose filter and row scope read only those
   * columns sums it (analyst/tally).
   */
  readonly tally?: PgTable;
}

/** A link to many rows or to one (the first in the link's order). */
export interface Relation {
  readonly target: () => AnalystSpec;
  readonly one: boolean;
}
export const many = (target: () => AnalystSpec): Relation => ({ target, one: false });
export const one = (target: () => AnalystSpec): Relation => ({ target, one: true });

/** An empty class named `name`, for type-graphql to decorate into a generated type. */
export const namedClass = (name: string): Function => ({ [name]: class {} })[name]!;

const specs = new Map<string, AnalystSpec>();

/** Registers `spec` (one per type) and returns it. */
export function describeEntity(spec: AnalystSpec): AnalystSpec {
  if (specs.has(spec.typeName)) throw new Error(`${spec.typeName} is described twice`);
  specs.set(spec.typeName, spec);
  return spec;
}

export const allSpecs = (): AnalystSpec[] => [...specs.values()];

/** Limits on one filter, checked before any SQL is written. */
export const FILTER_LIMITS = {
  /** Nesting of `and` / `or` / `not` and links. */
  depth: 6,
  /** Operators in the whole filter. */
  conditions: 60,
  /** Values in one `in` list. */
  inValues: 1000,
  /** Fields in one `orderBy`. */
  orderKeys: 5,
  /** Dimensions in one `groupBy`. */
  groupKeys: 4,
} as const;
