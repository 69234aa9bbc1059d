/**
 * analyst/declared-class
 *
 * The data class a field was declared with (`@DataClass` on the field, else on its type),
 * read from type-graphql's metadata while the generated types are being declared — before
 * the schema exists. Statistics carry it on their keys and measures; filter inputs on each
 * field, so the read audit redacts a person's name in a filter as it does in an argument.
 */
import { getMetadataStorage } from 'type-graphql';
import type { DataClassName } from '../../policy/classes.js';

/** The data class declared on `Type.field` (or on the type), read from type-graphql's metadata. */
export function declaredClass(typeName: string, field: string): DataClassName {
  const storage = getMetadataStorage();
  const type = storage.objectTypes.find((t) => t.name === typeName);
  if (!type) throw new Error(`an analyst description names ${typeName}.${field}: no such object type`);
  const own = storage.fieldExtensions.find((e) => e.target === type.target && e.fieldName === field)?.extensions.dataClass;
  const cls = own ?? storage.classExtensions.find((e) => e.target === type.target && e.extensions.dataClass)?.extensions.dataClass;
  if (!cls) throw new Error(`an analyst description names ${typeName}.${field}, which has no data class`);
  return cls as DataClassName;
}
