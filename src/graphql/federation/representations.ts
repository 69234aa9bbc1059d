/**
 * federation/representations
 *
 * Resolves Federation representations to rows through the request's batched loaders
 * (common/entity-loaders): all representations of one type and key in a request are one
 * statement. A representation names its entity by one of the type's `@key` fields: a
 * column of its national key, the column the key falls back to (`regNo` → `REG:<regNo>`),
 * or `id`, the global ID. One that names nothing (a null or non-string key value, an
 * unknown ID) answers null, as a row that does not exist does; the entity gate then
 * answers null for a row the caller may not see, so the two cannot be told apart. A
 * `__typename` that is not a federated entity is the caller's mistake: BAD_USER_INPUT.
 */
import { isObjectType, type GraphQLSchema } from 'graphql';
import { loadableByKey, loadEntity } from '../common/entity-loaders.js';
import type { GraphQLContext } from '../context.js';
import type { EntityKey } from '../entity-keys.js';
import { HubError } from '../errors.js';
import { fromGlobalId } from '../global-id.js';
import { tableOf } from '../planner/declare.js';
import type { Representation } from './any.scalar.js';
import { federationKeysOf } from './keys.js';

/** Key values longer than any national code are not looked up. */
const MAX_KEY_LENGTH = 256;

/** What a `@key` field of a type names: its global ID, the column its national key falls back to, or its one-column national key (null: none of these). */
function keyFieldRole(declared: EntityKey | undefined, field: string): 'id' | 'fallback' | 'column' | null {
  if (field === 'id') return 'id';
  if (declared?.orElse?.column === field) return 'fallback';
  return declared?.columns.length === 1 && declared.columns[0] === field ? 'column' : null;
}

/** The national key `rep` names (as `entity-keys.ts` builds it), or null when it names none. */
export function nationalKeyOf(schema: GraphQLSchema, rep: Representation): string | null {
  const fields = federationKeysOf(rep.__typename);
  const type = schema.getType(rep.__typename);
  if (!fields || !type || !isObjectType(type)) {
    throw new HubError('BAD_USER_INPUT', `"${String(rep.__typename).slice(0, 64)}" is not an entity type of this graph`, { reason: 'NOT_AN_ENTITY' });
  }
  const declared = tableOf(type)?.key;
  for (const field of fields) {
    const value = rep[field];
    if (typeof value !== 'string' || value === '' || value.length > MAX_KEY_LENGTH) continue;
    const role = keyFieldRole(declared, field);
    if (role === 'id') {
      try {
        const id = fromGlobalId(value);
        return id.type === rep.__typename ? id.key : null;
      } catch {
        return null;
      }
    }
    if (role === 'fallback') return `${declared!.orElse!.prefix}${value}`;
    // A code that looks like the fallback key's prefix names nothing (no national code has it).
    if (declared?.orElse && value.startsWith(declared.orElse.prefix)) return null;
    if (role === 'column') return value;
  }
  return null;
}

/** Throws naming every federated type whose keys no loader can resolve (checked when the schema is built). */
export function assertResolvable(schema: GraphQLSchema, types: readonly string[]): void {
  const broken = types.filter((name) => {
    const type = schema.getType(name);
    const declared = type && isObjectType(type) ? tableOf(type)?.key : undefined;
    return !declared || !loadableByKey(name) || !(federationKeysOf(name) ?? []).every((f) => keyFieldRole(declared, f) !== null);
  });
  if (broken.length) throw new Error(`federated types whose @key no loader resolves (see federation/representations): ${broken.join(', ')}`);
}

/** The rows of `representations`, in their order; null where there is none. */
export function resolveRepresentations(ctx: GraphQLContext, schema: GraphQLSchema, representations: readonly Representation[]): Promise<(object | null)[]> {
  const keys = representations.map((r) => nationalKeyOf(schema, r));
  return Promise.all(representations.map((r, i) => (keys[i] === null ? null : loadEntity(ctx, r.__typename, keys[i]!))));
}
