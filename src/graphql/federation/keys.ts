/**
 * federation/keys
 *
 * An entity's Apollo Federation keys, declared beside its type: `@FederatedBy('uscc')`
 * puts `@key(fields: "uscc")` on the type (type-graphql's `@Directive`, as its federation
 * recipe does) and registers the type as a member of `_Entity`. Each key is one field that
 * names the entity nationally: a column of its `@FromTable` key (the national code), the
 * column its key falls back to (an enterprise's 注册号), or `id`, the global ID (a person,
 * whose key is the keyed hash and never the clear ID number).
 */
import { Directive, type ClassType } from 'type-graphql';

/** Type name → its key fields, in declaration order (the first is its primary key). */
const keyed = new Map<string, readonly string[]>();
/** The classes, for `_Entity`'s members. */
const classes: ClassType[] = [];

export const FederatedBy = (...fields: [string, ...string[]]): ClassDecorator => (target) => {
  for (const f of fields) Directive(`@key(fields: "${f}")`)(target);
  keyed.set(target.name, fields);
  classes.push(target as unknown as ClassType);
};

/** The key fields of entity type `type`; undefined when it is not a federated entity. */
export const federationKeysOf = (type: string): readonly string[] | undefined => keyed.get(type);

/** Every federated entity class (for the `_Entity` union; read when the schema is built). */
export const federatedClasses = (): readonly ClassType[] => classes;
