/**
 * analyst/exported
 *
 * `@Exported(spec)` on a root connection that is not a `@Listing` (a view such as the
 * no-loan list) but takes the same `filter` / `orderBy` of `spec`'s type: the CSV export
 * (server/exports) serves it at `/exports/<field>.csv` as it serves the analyst lists.
 */
import type { GraphQLField } from 'graphql';
import { Extensions } from 'type-graphql';
import type { AnalystSpec } from './spec.js';

export const Exported = (spec: AnalystSpec) => Extensions({ exported: spec });

export const exportedOf = (f: GraphQLField<unknown, unknown>): AnalystSpec | null => (f.extensions?.exported as AnalystSpec | undefined) ?? null;
