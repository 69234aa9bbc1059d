/**
 * server/limits
 *
 * Operation limits, the same on HTTP and WebSocket: depth, aliases and directives as
 * validation rules (graphql-armor's rules, reporting into the validation context with a
 * stable code instead of throwing), tokens at parse time, and — once the variables are
 * known — the size and depth of the variables and the operation's cost (server/cost). Text inputs holding NUL or an
 * unpaired surrogate are refused as BAD_USER_INPUT before they can reach the database.
 * The limits do not depend on who asks, so Apollo may cache validation per document.
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { getOperationAST, GraphQLError, visit, type DocumentNode, type GraphQLSchema, type ValidationContext, type ValidationRule } from 'graphql';
import type { OperationLimits } from '../config.js';
import { unstorableTextAt } from '../domain/text.js';
import { operationCost } from './cost.js';
import { countLookups, lookupFieldNames, type LookupBudget } from './lookup-budget.js';
import { RequestRefusedError } from '../graphql/errors.js';

/** Reports a limit's rejection as a validation error with `code: OPERATION_LIMIT` and which limit. */
const reporter = (limit: string, max: number) => (context: ValidationContext | null, err: GraphQLError) => {
  context?.reportError(
    new GraphQLError(`Operation exceeds the ${limit} limit (${max}): ${err.message.replace(/^Syntax Error: /, '')}`, {
      extensions: { code: 'OPERATION_LIMIT', limit, max },
    }),
  );
};

/** The validation rules that bound an operation's shape. */
export function operationLimitRules(l: OperationLimits): ValidationRule[] {
  const common = { propagateOnRejection: false, exposeLimits: true } as const;
  return [
    maxDepthRule({ ...common, n: l.maxDepth, onReject: [reporter('depth', l.maxDepth)] }),
    maxAliasesRule({ ...common, n: l.maxAliases, onReject: [reporter('aliases', l.maxAliases)] }),
    maxDirectivesRule({ ...common, n: l.maxDirectives, onReject: [reporter('directives', l.maxDirectives)] }),
  ] as ValidationRule[];
}

/** Refuses an operation whose cost, with its variables, is over the limit. */
export function checkCost(
  schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Readonly<Record<string, unknown>> | null | undefined,
  l: Pick<OperationLimits, 'maxCost' | 'fanOut' | 'defaultFanOut'>,
): void {
  const cost = operationCost(schema, document, operationName, variables, l);
  if (cost > l.maxCost) {
    throw new RequestRefusedError('OPERATION_LIMIT', `Operation exceeds the cost limit (${l.maxCost}): its cost is ${Math.ceil(cost)}`, { limit: 'cost', max: l.maxCost, found: Math.ceil(cost) });
  }
}

/** Whether `value` nests objects or arrays deeper than `max` (the variables map itself is level 1). Iterative. */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Refuses variables nested deeper than the limit (before anything walks them recursively:
 * measuring, redaction, coercion) or larger than the limit (measured as JSON).
 */
export function checkVariables(variables: unknown, l: Pick<OperationLimits, 'maxVariablesBytes' | 'maxVariablesDepth'>): void {
  if (variables === undefined || variables === null) return;
  if (nestsDeeperThan(variables, l.maxVariablesDepth)) {
    throw new RequestRefusedError('BAD_USER_INPUT', `Variables nest deeper than ${l.maxVariablesDepth} levels`, { reason: 'VARIABLES_TOO_DEEP', limit: 'variablesDepth', max: l.maxVariablesDepth });
  }
  const size = Buffer.byteLength(JSON.stringify(variables));
  if (size > l.maxVariablesBytes) {
    throw new RequestRefusedError('BAD_USER_INPUT', `Variables exceed ${l.maxVariablesBytes} bytes`, { reason: 'VARIABLES_TOO_LARGE', limit: 'variables', max: l.maxVariablesBytes });
  }
}

/**
 * Refuses text that no field can hold — NUL characters or unpaired surrogates — in the
 * document's string literals or anywhere in the variables, naming the variable but never
 * echoing the value.
 */
export function checkText(document: DocumentNode, variables: Readonly<Record<string, unknown>> | null | undefined): void {
  const refuse = (where: Record<string, unknown>) => {
    throw new RequestRefusedError('BAD_USER_INPUT', 'Text may not contain NUL characters or unpaired UTF-16 surrogates', { reason: 'INVALID_TEXT', ...where });
  };
  const body = document.loc?.source.body ?? '';
  // Only a string literal can hold one (the parser refuses the rest): look closer only when the text has one.
  if ((body.includes('\\u0000') || body.includes('\u0000')) && unstorableTextAt(stringLiterals(document)) !== null) refuse({});
  for (const [name, value] of Object.entries(variables ?? {})) {
    if (unstorableTextAt(value) !== null) refuse({ variable: name });
  }
}

/** Refuses a variable the operation does not declare: nothing reads it, so nothing should carry it in. */
function checkDeclared(document: DocumentNode, operationName: string | null | undefined, variables: Readonly<Record<string, unknown>> | null | undefined): void {
  const names = Object.keys(variables ?? {});
  if (names.length === 0) return;
  const declared = new Set(getOperationAST(document, operationName)?.variableDefinitions?.map((d) => d.variable.name.value) ?? []);
  const stray = names.find((n) => !declared.has(n));
  if (stray !== undefined) {
    throw new RequestRefusedError('BAD_USER_INPUT', `Variable "$${stray.slice(0, 64)}" is not declared by the operation`, { reason: 'UNDECLARED_VARIABLE', variable: stray.slice(0, 64) });
  }
}

/** Every string literal's value in the document. */
function stringLiterals(document: DocumentNode): string[] {
  const found: string[] = [];
  visit(document, { StringValue: (node) => void found.push(node.value) });
  return found;
}

/** The checks an operation passes once its document and variables are known; throws the refusal. */
export type OperationCheck = (
  principalId: string, document: DocumentNode, operationName: string | null | undefined, variables: Readonly<Record<string, unknown>> | null | undefined,
) => Promise<void>;

/**
 * Storable text, cost and the caller's lookup budget, in that order: one function that
 * HTTP (`requestGuards`) and WebSocket (`onSubscribe`) both call, so the two cannot drift.
 */
export function operationChecks(schema: GraphQLSchema, limits: Pick<OperationLimits, 'maxCost' | 'fanOut' | 'defaultFanOut'>, budget: LookupBudget): OperationCheck {
  const lookupFields = lookupFieldNames(schema);
  return async (principalId, document, operationName, variables) => {
    checkDeclared(document, operationName, variables);
    checkText(document, variables);
    checkCost(schema, document, operationName, variables, limits);
    await budget.take(principalId, countLookups(document, operationName, lookupFields, variables));
  };
}
