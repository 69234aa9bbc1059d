/**
 * audit/redaction
 *
 * What of a request's variables the read audit may keep. A variable is redacted by the
 * class of the argument (or input field) it feeds — a person's ID number or name
 * (`PERSON_ID`, `PERSON_NAME`, declared beside the argument with `@ArgClasses`) — not by
 * what the variable is called. As a net under that, any string that normalises (full-width
 * digits, spaces, hyphens: the normalisation the resolvers apply) to an identity number's
 * shape is redacted wherever it appears. Walks are depth-bounded; requests nested deeper
 * are refused before they get here (limits.ts).
 */
import {
  getNamedType, isInputObjectType, parse, TypeInfo, visit, visitWithTypeInfo,
  type DocumentNode, type GraphQLSchema, type ValueNode,
} from 'graphql';
import { normaliseCode } from '../domain/identifiers/result.js';
import { isDataClass, type DataClassName } from '../policy/classes.js';
import { ID_NUMBER_SHAPE } from '../policy/masks.js';

const SENSITIVE: ReadonlySet<DataClassName> = new Set(['PERSON_ID', 'PERSON_NAME']);
const MAX_DEPTH = 32;
export const REDACTED = '[redacted]';

/** Whether a string is an identity number in any spelling the resolvers accept. */
export const looksLikeIdNumber = (s: string): boolean => s.length <= 64 && ID_NUMBER_SHAPE.test(normaliseCode(s));

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

/** Per schema, each document's sensitive variables, worked out once (most recently used kept, at most 1,000 documents). */
const known = new WeakMap<GraphQLSchema, Map<string, ReadonlySet<string>>>();

/** The variables an operation feeds into arguments or input fields of a sensitive class. */
export function sensitiveVariables(schema: GraphQLSchema, document: string): ReadonlySet<string> {
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

function walk(schema: GraphQLSchema, document: string): ReadonlySet<string> {
  const out = new Set<string>();
  let doc: DocumentNode;
  try {
    doc = parse(document);
  } catch {
    return out;
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
    VariableDefinition: () => false,
  }));
  return out;
}

/** The variables as the read audit stores them. */
export function redactVariables(schema: GraphQLSchema | null, document: string, variables: unknown): unknown {
  if (!variables || typeof variables !== 'object' || Array.isArray(variables)) return redactValue(variables ?? {});
  // An operation without variables has nothing to redact: its document is not even looked at.
  const sensitive = schema && Object.keys(variables).length ? sensitiveVariables(schema, document) : new Set<string>();
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(variables).sort()) out[k] = sensitive.has(k) ? REDACTED : redactValue((variables as Record<string, unknown>)[k], 1);
  return out;
}
