/**
 * audit/redaction
 *
 * What of a request's variables the read audit may keep. A variable is redacted by the
 * class of the argument (or input field) it feeds — a person's ID number or name
 * (`PERSON_ID`, `PERSON_NAME`, declared beside the argument with `@ArgClasses`) — not by
 * what the variable is called — and inside a variable holding an input object (an analyst's
 * filter), what it holds for such a field. As a net under that, any string that normalises
 * (full-width digits, spaces, hyphens: the normalisation the resolvers apply) to an
 * identity number's shape, or to a TIN holding one, is redacted wherever it appears. Walks
 * are depth-bounded; requests nested deeper are refused before they get here (limits.ts).
 */
import {
  getNamedType, getNullableType, isInputObjectType, isListType, Kind, parse, typeFromAST, TypeInfo, valueFromASTUntyped, visit, visitWithTypeInfo,
  type DocumentNode, type FieldNode, type GraphQLField, type GraphQLInputType, type GraphQLSchema, type ValueNode,
} from 'graphql';
import { personInTin } from '../domain/identifiers/taxpayer-id.js';
import { normaliseCode } from '../domain/identifiers/result.js';
import { isDataClass, type DataClassName } from '../policy/classes.js';
import { ID_NUMBER_SHAPE } from '../policy/masks.js';

const SENSITIVE: ReadonlySet<DataClassName> = new Set(['PERSON_ID', 'PERSON_NAME']);
const MAX_DEPTH = 32;
export const REDACTED = '[redacted]';

/** Whether a string is an identity number in any spelling the resolvers accept, or a TIN that holds one (an ID number and two digits). */
export const looksLikeIdNumber = (s: string): boolean => {
  if (s.length > 64) return false;
  const v = normaliseCode(s);
  return ID_NUMBER_SHAPE.test(v) || personInTin(v) !== null;
};

/** Values as stored: identity numbers (in any spelling) redacted, long strings and lists cut, depth bounded. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return looksLikeIdNumber(value) ? REDACTED : value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) {
    const kept = value.slice(0, 50).map((v) => redactValue(v, depth + 1));
    return value.length > 50 ? [...kept, `…${value.length - 50} more`] : kept;
  }
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, redactValue((value as Record<string, unknown>)[k], depth + 1)]));
}

interface VariableClasses {
  /** Variables fed whole into an argument or input field of a sensitive class. */
  readonly sensitive: ReadonlySet<string>;
  /** Each variable's declared type: an input object's sensitive fields are redacted inside its value. */
  readonly types: ReadonlyMap<string, GraphQLInputType>;
  /** Root fields with an argument written into the document (not a variable), by operation name ('' for an anonymous one). */
  readonly inline: ReadonlyMap<string, readonly { readonly key: string; readonly field: GraphQLField<unknown, unknown>; readonly node: FieldNode }[]>;
}

/** Per schema, each document's variables, worked out once (most recently used kept, at most 1,000 documents). */
const known = new WeakMap<GraphQLSchema, Map<string, VariableClasses>>();

/** The variables an operation feeds into arguments or input fields of a sensitive class, and each variable's type. */
function variableClasses(schema: GraphQLSchema, document: string): VariableClasses {
  let bySchema = known.get(schema);
  if (!bySchema) known.set(schema, (bySchema = new Map()));
  let found = bySchema.get(document);
  if (found) {
    bySchema.delete(document);
  } else {
    found = walk(schema, document);
    if (bySchema.size >= 1000) bySchema.delete(bySchema.keys().next().value!);
  }
  bySchema.set(document, found);
  return found;
}

function walk(schema: GraphQLSchema, document: string): VariableClasses {
  const out = new Set<string>();
  const types = new Map<string, GraphQLInputType>();
  const inline = new Map<string, { key: string; field: GraphQLField<unknown, unknown>; node: FieldNode }[]>();
  let doc: DocumentNode;
  try {
    doc = parse(document);
  } catch {
    return { sensitive: out, types, inline };
  }
  for (const op of doc.definitions) {
    if (op.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = schema.getRootType(op.operation);
    const fields = op.selectionSet.selections.flatMap((s) => {
      const field = s.kind === Kind.FIELD ? root?.getFields()[s.name.value] : undefined;
      if (s.kind !== Kind.FIELD || !field || !s.arguments?.some((a) => a.value.kind !== Kind.VARIABLE)) return [];
      return [{ key: s.alias?.value ?? s.name.value, field, node: s }];
    });
    if (fields.length) inline.set(op.name?.value ?? '', fields);
  }
  const info = new TypeInfo(schema);
  const mark = (v: ValueNode, cls: unknown) => {
    if (!isDataClass(cls) || !SENSITIVE.has(cls)) return;
    visit(v, { Variable: (n) => void out.add(n.name.value) });
  };
  visit(doc, visitWithTypeInfo(info, {
    Argument(node) {
      const field = info.getFieldDef();
      const classes = field?.extensions?.argClasses as Record<string, unknown> | undefined;
      mark(node.value, classes?.[node.name.value]);
    },
    ObjectField(node) {
      const parent = info.getParentInputType();
      const named = parent ? getNamedType(parent) : null;
      if (named && isInputObjectType(named)) mark(node.value, named.getFields()[node.name.value]?.extensions?.dataClass ?? named.extensions?.dataClass);
    },
    VariableDefinition: (node) => {
      const type = typeFromAST(schema, node.type as never) as GraphQLInputType | undefined;
      if (type) types.set(node.variable.name.value, type);
      return false;
    },
  }));
  return { sensitive: out, types, inline };
}

const sensitiveClass = (cls: unknown) => isDataClass(cls) && SENSITIVE.has(cls);

/** A value of input type `type` as stored: what it holds for a field of a sensitive class redacted, the rest as `redactValue`. */
function redactTyped(value: unknown, type: GraphQLInputType, depth: number): unknown {
  const t = getNullableType(type);
  if (value === null || value === undefined || depth >= MAX_DEPTH) return redactValue(value, depth);
  if (isListType(t) && Array.isArray(value)) {
    const kept = value.slice(0, 50).map((v) => redactTyped(v, t.ofType as GraphQLInputType, depth + 1));
    return value.length > 50 ? [...kept, `…${value.length - 50} more`] : kept;
  }
  if (!isInputObjectType(t) || typeof value !== 'object' || Array.isArray(value)) return redactValue(value, depth);
  const fields = t.getFields();
  return Object.fromEntries(Object.keys(value).sort().map((k) => {
    const f = fields[k];
    const v = (value as Record<string, unknown>)[k];
    if (!f) return [k, redactValue(v, depth + 1)];
    return [k, sensitiveClass(f.extensions?.dataClass ?? t.extensions?.dataClass) ? REDACTED : redactTyped(v, f.type, depth + 1)];
  }));
}

/** Where the stored variables keep the arguments written into the document (no variable can be called this). */
export const INLINE_ARGUMENTS = '$arguments';

/**
 * The variables as the read audit stores them; and under `$arguments`, the arguments of
 * the operation's root fields where any is written into the document — a statistic's
 * filter and group-by, a lookup's key — redacted alike, so the row says what was asked
 * whichever way it was written (the row keeps the document's hash, not its text).
 */
export function redactVariables(schema: GraphQLSchema | null, document: string, variables: unknown, operationName: string | null = null): unknown {
  const given = variables && typeof variables === 'object' && !Array.isArray(variables) ? (variables as Record<string, unknown>) : null;
  if (!schema) return redactValue(variables ?? {});
  const classes = variableClasses(schema, document);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(given ?? {}).sort()) {
    const value = given![k];
    const type = classes.types.get(k);
    out[k] = classes.sensitive.has(k) ? REDACTED : type ? redactTyped(value, type, 1) : redactValue(value, 1);
  }
  const inline = classes.inline.get(operationName ?? '') ?? (classes.inline.size === 1 && !operationName ? [...classes.inline.values()][0] : undefined);
  if (inline) out[INLINE_ARGUMENTS] = Object.fromEntries(inline.map(({ key, field, node }) => [key, redactArguments(field, node, given)]));
  return out;
}

/** A root field's arguments as written (enum values by name, variables by the values given), redacted by their types. */
function redactArguments(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown> | null): unknown {
  const classes = field.extensions?.argClasses as Record<string, unknown> | undefined;
  const args = [...(node.arguments ?? [])].sort((a, b) => (a.name.value < b.name.value ? -1 : 1));
  return Object.fromEntries(args.map((a) => {
    const def = field.args.find((d) => d.name === a.name.value);
    const value = valueFromASTUntyped(a.value, variables ?? {});
    return [a.name.value, sensitiveClass(classes?.[a.name.value]) ? REDACTED : def ? redactTyped(value, def.type, 2) : redactValue(value, 2)];
  }));
}
