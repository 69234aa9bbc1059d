/**
 * graphql/data-class
 *
 * Declares what a field's data is (policy/classes), beside the field: `@DataClass('TAX')`
 * on an object type gives every leaf field of it that class; on a field (or field
 * resolver) it overrides the type's. The class lives in the built schema as the field's
 * or type's `extensions.dataClass`, where the entity gate (and later the read planner)
 * read it. `assertClassified` fails the schema build for any leaf field without one.
 */
import { getNamedType, isLeafType, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { Extensions } from 'type-graphql';
import { isDataClass, type DataClassName } from '../policy/classes.js';

export const DataClass = (c: DataClassName) => Extensions({ dataClass: c });

/**
 * The data class of each argument a root field takes, beside the field: what the read
 * audit redacts by (a person's ID number is redacted because its argument is PERSON_ID,
 * whatever the variable is called or however it is spelled).
 */
export const ArgClasses = (classes: Record<string, DataClassName>) => Extensions({ argClasses: classes });

/** The operation types: their fields are operations, granted by name, not by class. */
export const ROOT_TYPES: ReadonlySet<string> = new Set(['Query', 'Mutation', 'Subscription']);

/** The class of `type.field`: the field's own, else its type's; null for a link (an object-returning field) or a root field. */
export function classOf(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): DataClassName | null {
  if (!isLeafType(getNamedType(field.type)) || ROOT_TYPES.has(type.name)) return null;
  const own = field.extensions?.dataClass ?? type.extensions?.dataClass;
  return isDataClass(own) ? own : null;
}

/** Throws naming every leaf field of the schema that has no data class. */
export function assertClassified(schema: GraphQLSchema): void {
  const missing: string[] = [];
  for (const t of Object.values(schema.getTypeMap())) {
    if (!isObjectType(t) || t.name.startsWith('__') || ROOT_TYPES.has(t.name)) continue;
    for (const f of Object.values(t.getFields())) {
      if (f.name === '__typename' || !isLeafType(getNamedType(f.type))) continue;
      if (!classOf(t, f)) missing.push(`${t.name}.${f.name}`);
    }
  }
  if (missing.length) throw new Error(`fields without a data class (declare @DataClass beside them): ${missing.join(', ')}`);
}
