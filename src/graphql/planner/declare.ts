/**
 * planner/declare
 *
 * How a GraphQL type reads from its table, declared once beside the type and its resolvers
 * (type-graphql extensions, like `@DataClass` and `@Owned`):
 * - `@FromTable(table, key)` on an object type: its rows are `table`'s; each leaf field is
 *   the column of the same property name unless the field has a resolver; `key` is the
 *   entity's national key (graphql/entity-keys);
 * - `@Link({ … })` on a field resolver: the rows it leads to (a condition between child and
 *   parent columns, an order, one or many) or, `inline`, an object made of the parent's
 *   own columns (a registration's mortgage);
 * - `@Computed(fn)` on a field resolver whose value is SQL over the row's columns;
 * - `@Derived({ facts, value })` on a field resolver whose value TypeScript computes from
 *   facts SQL can fetch for the row (planner/derived);
 * - `@Lookup({ … })` and `@Listing({ … })` on root queries: a row by a normalised key, a
 *   keyset-paged connection with its filter and order (the entity's analyst description);
 * - `@FromEvent({ … })` on a subscription: each event is a row of the field type's table,
 *   read again by its key for the subscriber's selection.
 * The planner (graphql/planner/compile) reads only these; a field with a resolver and no
 * declaration is not planned, and its operation runs through the resolvers.
 */
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { GraphQLField, GraphQLObjectType } from 'graphql';
import { Extensions, getMetadataStorage } from 'type-graphql';
import type { ViewSettings } from '../../views/settings.js';
import type { AnalystSpec } from '../analyst/spec.js';
import { registerEntityKey, type EntityKey } from '../entity-keys.js';

/** Quoted column references of one table alias, by drizzle property name (`c.holderUscc` → `"t2"."holder_uscc"`). */
export type Cols = Readonly<Record<string, string>>;

export interface TableDecl {
  readonly table: PgTable;
  /** The entity's national key (graphql/entity-keys); absent for rows that are not entities. */
  readonly key?: EntityKey;
}

export interface LinkDecl {
  /** Child rows of the target type's table related to the parent row. */
  readonly where?: (c: Cols, p: Cols, args: Readonly<Record<string, unknown>>) => string;
  /** SQL order of the child rows (a list keeps it; `one` takes the first). */
  readonly order?: (c: Cols, p: Cols) => string;
  readonly one?: boolean;
  /** The target has no table: its fields are the parent's columns, and it is there when this holds. */
  readonly inline?: (p: Cols) => string;
}

/** What a derived value may depend on besides the row: the views' settings and the request's day (part of the plan's cache key). */
export interface DeriveEnv {
  readonly views: ViewSettings;
  readonly today: string;
}

/** A field whose value is `value(facts)`, `facts` being the JSON `facts` fetches for the row (null: the field is null). The resolver uses the same two. */
export interface DerivedDecl {
  readonly facts: (p: Cols, env: DeriveEnv) => string;
  readonly value: (facts: any, env: DeriveEnv) => unknown;
}

/** SQL over the row's columns; `self` is the declaration of the type the field is on (its key, for a global ID). */
export type ComputedDecl = (t: Cols, self: TableDecl) => string;

export interface LookupDecl {
  /** Each column looked up (property name) → the argument that holds its value. */
  readonly by: Readonly<Record<string, string>>;
  /** The normalised values in `by`'s order, or null when the resolver would refuse or reinterpret them (then it answers). */
  readonly key: (args: Readonly<Record<string, any>>) => readonly string[] | null;
}

/** A subscription whose events are rows of its type's table: the columns (property names) that find an event's row, and their values. */
export interface EventDecl {
  readonly by: readonly string[];
  readonly key: (payload: any) => readonly unknown[];
}

/** A lookup's values, or null if any of them is. */
export const lookupKeys = (...values: (string | null)[]): string[] | null => (values.every((v) => v !== null) ? (values as string[]) : null);

/** A filtered, ordered, keyset-paged connection: the entity's analyst description (analyst/spec). */
export type ListingDecl = AnalystSpec;

/** The type's table and, for an entity, its national key (registered for the audit and global IDs under the class's name). */
export const FromTable = (table: PgTable, key?: EntityKey): ClassDecorator => (target) => {
  if (key) registerEntityKey(target.name, key);
  Extensions({ plan: { table, key } satisfies TableDecl })(target);
};
export const Link = (link: LinkDecl) => Extensions({ link });
export const Computed = (fn: ComputedDecl) => Extensions({ computed: fn });
export const Derived = (derived: DerivedDecl) => Extensions({ derived });
export const Lookup = (lookup: LookupDecl) => Extensions({ lookup });
export const Listing = (listing: ListingDecl) => Extensions({ listing });
export const FromEvent = (event: EventDecl) => Extensions({ event });

export const tableOf = (type: GraphQLObjectType): TableDecl | null => (type.extensions?.plan as TableDecl | undefined) ?? null;
export const linkOf = (f: GraphQLField<unknown, unknown>): LinkDecl | null => (f.extensions?.link as LinkDecl | undefined) ?? null;
export const computedOf = (f: GraphQLField<unknown, unknown>): ComputedDecl | null => (f.extensions?.computed as ComputedDecl | undefined) ?? null;
export const derivedOf = (f: GraphQLField<unknown, unknown>): DerivedDecl | null => (f.extensions?.derived as DerivedDecl | undefined) ?? null;
export const lookupOf = (f: GraphQLField<unknown, unknown>): LookupDecl | null => (f.extensions?.lookup as LookupDecl | undefined) ?? null;
export const listingOf = (f: GraphQLField<unknown, unknown>): ListingDecl | null => (f.extensions?.listing as ListingDecl | undefined) ?? null;
export const eventOf = (f: GraphQLField<unknown, unknown>): EventDecl | null => (f.extensions?.event as EventDecl | undefined) ?? null;

/** `Type.field` of every field a resolver method computes (not read straight off the row). */
let resolved: Set<string> | null = null;
export function hasResolver(type: GraphQLObjectType, field: string): boolean {
  resolved ??= new Set(
    (getMetadataStorage() as unknown as { fieldResolvers: { getObjectType?: () => { name: string }; schemaName: string }[] }).fieldResolvers
      .filter((f) => f.getObjectType)
      .map((f) => `${f.getObjectType!().name}.${f.schemaName}`),
  );
  return resolved.has(`${type.name}.${field}`);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Column references of `table` under `alias`; a property the table does not have is a
 * declaration error, not SQL — or whatever `missing` throws for it.
 */
export function colsOf(table: PgTable, alias: string, missing?: (prop: string) => never): Cols {
  const out: Record<string, string> = {};
  for (const [prop, col] of Object.entries(getTableColumns(table))) out[prop] = `${quote(alias)}.${quote((col as PgColumn).name)}`;
  return new Proxy(out, {
    get(target, prop) {
      if (typeof prop === 'string' && !(prop in target)) {
        if (missing) missing(prop);
        throw new Error(`${getTableName(table)} has no column ${prop} (planner declaration)`);
      }
      return target[prop as string];
    },
  });
}

export function columnOf(table: PgTable, prop: string): PgColumn | null {
  return (getTableColumns(table) as Record<string, PgColumn>)[prop] ?? null;
}

export const tableSql = (table: PgTable) => quote(getTableName(table));
