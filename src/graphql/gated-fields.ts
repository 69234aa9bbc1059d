/**
 * graphql/gated-fields
 *
 * Every field of the schema passes the entity gate: its resolver is wrapped, once, when the
 * schema is built (`gateEveryField`). The wrapper checks the operation's deadline, enforces
 * the gate's decision for the field (refused, allowed or masked), and admits returned rows
 * by whose they are. It answers at once when nothing waits — a leaf, or a row whose owner
 * is known from the row itself — so a page of a hundred profiles is not tens of thousands
 * of promises (type-graphql's own middleware chain is asynchronous at every field); an
 * error it answers with a rejection, as the middleware did.
 */
import {
  defaultFieldResolver, getNamedType, isAbstractType, isLeafType, isObjectType, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema,
} from 'graphql';
import type { DataClassName } from '../policy/classes.js';
import { ROOT_TYPES } from './data-class.js';
import { asSeen, type EntityGate, type FieldDecision } from './entity-gate.js';
import { HubError, NotFoundError } from './errors.js';
import type { Loaders } from './loaders.js';
import { isStructural } from './ownership.js';

interface GateContext {
  gate: EntityGate;
  loaders: Loaders;
  deadline: number;
  purpose: string | null;
}

/** Wraps the resolver of every field of every object type in the gate (filtered copies of the schema keep the wrapped resolvers). */
export function gateEveryField(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) field.resolve = gated(field.resolve ?? defaultFieldResolver, isLeafType(getNamedType(field.type)));
  }
}

/** `leaf`: the field returns a scalar or enum, so nothing but a mask applies to what it answers. */
function gated(inner: GraphQLFieldResolver<unknown, unknown>, leaf: boolean): GraphQLFieldResolver<unknown, GateContext> {
  return (source, args, context, info) => {
    try {
      if (Date.now() > context.deadline) throw new HubError('TIMEOUT', 'The operation ran out of time');
      const { gate } = context;
      const parent = info.parentType;
      // A link to a type the department may read nothing of is itself refused: not even whether it is empty.
      const decision = gate.decide(info.schema, parent, parent.getFields()[info.fieldName]!, context.purpose !== null);
      if ('refused' in decision) throw refusal(gate, `${parent.name}.${info.fieldName}`, decision.refused, decision.cls);
      const result = inner(source, args, context, info);
      if (leaf && decision.access === 'allow') return result;
      return isPromise(result) ? result.then((r) => admitted(r, decision, context, info)) : admitted(result, decision, context, info);
    } catch (e) {
      // An error always arrives as a rejection, as from an asynchronous resolver: a thrown one would stop GraphQL
      // completing the object's other fields, so which siblings' errors an answer carries would depend on field order.
      return Promise.reject(e);
    }
  };
}

/** What the field answers: masked as decided, and of the rows it returns only those the principal may see. */
function admitted(value: unknown, decision: Extract<FieldDecision, { access: unknown }>, context: GateContext, info: GraphQLResolveInfo): unknown {
  const { gate } = context;
  const result = asSeen(decision.access, value);
  if (Array.isArray(result) && isAbstractType(getNamedType(info.returnType))) return gate.admitInPlace(info.schema, result, context.loaders);
  const type = returnedType(info, result);
  if (!type || isStructural(type)) return result;
  // Through an interface (`node(id)`): a row of a type the department may read nothing of is not there for it.
  const rows = gate.readable(info.schema, type) ? gate.admit(type, result, context.loaders, ROOT_TYPES.has(info.parentType.name)) : Array.isArray(result) ? [] : null;
  // A root lookup of a row the principal may not see answers exactly as for a row that does not exist.
  const found = (rows: unknown): unknown => {
    if (info.parentType.name === 'Query' && rows === null && result !== null && result !== undefined) throw new NotFoundError(type.name);
    return rows;
  };
  return isPromise(rows) ? rows.then(found) : found(rows);
}

/** The error a refused field answers with. */
function refusal(gate: EntityGate, what: string, reason: Extract<FieldDecision, { refused: string }>['refused'], cls: DataClassName | null): HubError {
  if (reason === 'PURPOSE_REQUIRED') {
    return new HubError('FORBIDDEN', `Reading ${what} (${cls}) requires a declared purpose (X-Purpose header or a "purpose" extension)`, { reason });
  }
  return new HubError(gate.principal.department ? 'FORBIDDEN' : 'UNAUTHENTICATED', `${what} is not available to you`, { reason });
}

/** The object type a field returns: its declared type, or for `node(id)` the row's own. */
function returnedType(info: GraphQLResolveInfo, result: unknown): GraphQLObjectType | null {
  const named = getNamedType(info.returnType);
  if (isObjectType(named)) return named;
  if (!isAbstractType(named) || result === null || typeof result !== 'object') return null;
  const concrete = (Array.isArray(result) ? result[0] : result)?.__typename;
  const t = typeof concrete === 'string' ? info.schema.getType(concrete) : null;
  return t && isObjectType(t) ? t : null;
}

const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';
