/**
 * graphql/ownership
 *
 * Whose each row is, declared beside its GraphQL type with `@Owned(…)`: its own division
 * column, its enterprise's (a license, credit record, loan, tax profile), its parcel's (an
 * event, unit, registration), the object it is read through (`parent`: a registration's
 * holders, a parcel event's documents), nobody's (`none`: the hub's own operations), or
 * not known (`unknown`: a person). A principal with a division sees a row only when its
 * owner lies in that division; an owner that cannot be found (an event whose parcel has
 * not arrived) is out of scope. Rows of alerts and change notices are also bound to the
 * class of the fact they report (`rowClass`). The entity gate enforces it on every route;
 * `assertOwned` fails the schema build for an object type without a declaration.
 */
import { isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { Extensions } from 'type-graphql';
import type { DataClassName } from '../policy/classes.js';
import { ROOT_TYPES } from './data-class.js';

/** Row property names (drizzle's camelCase) that lead to the owner. */
export type OwnerSpec =
  | { readonly division: string }
  | { readonly enterprise: string; readonly parcel?: string }
  | { readonly parcel: string }
  | { readonly parent: true }
  | { readonly none: true }
  | { readonly unknown: true };

export interface Ownership {
  readonly owner: OwnerSpec;
  /** The class of the fact a row reports, by one of its properties (an alert's kind). */
  readonly rowClass?: { readonly by: string; readonly classes: Readonly<Record<string, DataClassName>> };
}

export const Owned = (owner: OwnerSpec, rowClass?: Ownership['rowClass']) => Extensions({ ownership: { owner, rowClass } satisfies Ownership });

/** The declaration of `type`, or null. */
export function ownershipOf(type: GraphQLObjectType): Ownership | null {
  const o = type.extensions?.ownership as Ownership | undefined;
  return o && typeof o === 'object' && o.owner ? o : null;
}

/** Types that carry no rows of their own: connections, edges, page info (their leaf fields are all STRUCTURE). */
export function isStructural(type: GraphQLObjectType): boolean {
  return type.extensions?.dataClass === 'STRUCTURE';
}

/** Throws naming every object type (but roots and structural ones) without an ownership declaration. */
export function assertOwned(schema: GraphQLSchema): void {
  const missing = Object.values(schema.getTypeMap())
    .filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__') && !ROOT_TYPES.has(t.name) && !isStructural(t) && !ownershipOf(t))
    .map((t) => t.name);
  if (missing.length) throw new Error(`object types without an ownership declaration (declare @Owned beside them): ${missing.join(', ')}`);
}
