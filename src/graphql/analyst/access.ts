/**
 * analyst/access
 *
 * What an analyst's question may touch, decided by the entity gate as for reading: a
 * field filtered on, ordered by, grouped by or aggregated must be one the department may
 * read in the clear — a denied field is refused, and so is a masked one, since counting
 * rows by a value would reveal it. A link followed by a filter must lead to a type the
 * department may read. Row scopes (a district office) go inside the SQL (planner/compile).
 */
import { isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { EntityGate } from '../entity-gate.js';
import { SelectionCompiler } from '../planner/compile.js';
import { HubError } from '../errors.js';

/** The compiler of the statement being built: its aliases, the gate's scope predicates, the schema and who asks. */
export type AnalystEnv = SelectionCompiler;

/** The compiler an analyst statement is built with, for this caller (aliases `f1`, … apart from the planner's `t1`, …). */
export const analystEnv = (schema: GraphQLSchema, gate: EntityGate, purpose: boolean): AnalystEnv =>
  new SelectionCompiler({ schema, gate, purpose, fragments: {} }, 'f');

export function objectType(schema: GraphQLSchema, name: string): GraphQLObjectType {
  const t = schema.getType(name);
  if (!t || !isObjectType(t)) throw new Error(`analyst description names ${name}, which is not an object type of the schema`);
  return t;
}

/** Throws FORBIDDEN unless `Type.field` may be read in the clear by this caller; `use` says what the request does with it. */
export function requireClear(env: AnalystEnv, typeName: string, fieldName: string, use: string, argument: string): void {
  const { schema, gate, purpose } = env.env;
  const type = objectType(schema, typeName);
  const field = type.getFields()[fieldName];
  if (!field) throw new Error(`analyst description names ${typeName}.${fieldName}, which the type does not have`);
  const decision = gate.decide(schema, type, field, purpose);
  const what = `${typeName}.${fieldName}`;
  if (!gate.principal.department) throw new HubError('UNAUTHENTICATED', `${what} is not available to you`, { reason: 'FIELD_DENIED', argument });
  if ('refused' in decision) {
    if (decision.refused === 'PURPOSE_REQUIRED') {
      throw new HubError('FORBIDDEN', `${use} ${what} (${decision.cls}) requires a declared purpose (X-Purpose header or a "purpose" extension)`, { reason: 'PURPOSE_REQUIRED', argument });
    }
    throw new HubError('FORBIDDEN', `${use} ${what} is not available to you`, { reason: decision.refused, argument });
  }
  if (decision.access !== 'allow') throw new HubError('FORBIDDEN', `${use} ${what} is not available to you: you see it masked, and ${use.toLowerCase()} it would reveal it`, { reason: 'FIELD_DENIED', argument });
}
