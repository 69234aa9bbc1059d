/**
 * planner/operation
 *
 * Plans a whole query operation: each root field becomes one SQL statement (a lookup by
 * a national key, or one page of a keyset connection with its count), or the operation is
 * not planned at all and runs through the resolvers. A subscription's events are planned
 * the same way: its root field reads each event's row again by its key (`@FromEvent`).
 * Plans are cached per parsed document (Apollo caches parsed, validated documents),
 * operation, department, division and whether a purpose was declared (and, with derived
 * fields, the day); only the root arguments (an event's key) vary between runs, as
 * parameters.
 */
import {
  getNamedType, getNullableType, getOperationAST, isListType, isObjectType, Kind,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLObjectType, type GraphQLSchema,
} from 'graphql';
import type { EntityGate } from '../entity-gate.js';
import { colsOf, eventOf, listingOf, lookupOf, tableOf, tableSql, type DeriveEnv, type EventDecl, type ListingDecl, type LookupDecl } from './declare.js';
import type { Derivation } from './derived.js';
import { SelectionCompiler } from './compile.js';
import { literal } from '../../db/sql-parts.js';
import { jsonObject, Unplannable } from './sql-text.js';

export type RootPlan =
  | { readonly kind: 'typename'; readonly key: string }
  | { readonly kind: 'lookup'; readonly key: string; readonly field: GraphQLField<unknown, unknown>; readonly node: FieldNode; readonly decl: LookupDecl; readonly text: string }
  | { readonly kind: 'event'; readonly key: string; readonly decl: EventDecl; readonly text: string }
  | {
    readonly kind: 'listing'; readonly key: string; readonly field: GraphQLField<unknown, unknown>; readonly node: FieldNode; readonly decl: ListingDecl;
    /** The statement, with markers for what each request's arguments decide (run.ts fills them in). */
    readonly text: string;
  };

export interface OperationPlan {
  readonly roots: readonly RootPlan[];
  /** The derived fields in the statements' JSON (`$d`), and the day their facts were written for. */
  readonly derivations: readonly Derivation[];
  readonly derive: DeriveEnv;
  readonly variableDefinitions: NonNullable<ReturnType<typeof getOperationAST>>['variableDefinitions'];
}

const cache = new WeakMap<DocumentNode, Map<string, OperationPlan | null>>();

/**
 * The cached plan of `operationName` in `document` for this principal, or null when it runs
 * through the resolvers (also when a declaration is broken: reported, and not retried).
 */
export function planFor(
  schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, gate: EntityGate, purpose: boolean, derive: DeriveEnv, onError: (e: unknown) => void,
): OperationPlan | null {
  let byCaller = cache.get(document);
  if (!byCaller) cache.set(document, (byCaller = new Map()));
  const key = `${operationName ?? ''}\u0000${gate.principal.department ?? ''}\u0000${gate.principal.division ?? ''}\u0000${purpose ? 1 : 0}`;
  let plan = byCaller.get(key);
  // A plan with derived fields holds its day's dates: another day, another plan.
  if (plan && plan.derive.today !== derive.today) plan = undefined;
  if (plan === undefined) {
    try {
      plan = compileOperation(schema, document, operationName, gate, purpose, derive);
    } catch (e) {
      onError(e);
      plan = null;
    }
    byCaller.set(key, plan);
  }
  return plan;
}

export function compileOperation(
  schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, gate: EntityGate, purpose: boolean, derive: DeriveEnv,
): OperationPlan | null {
  const op = getOperationAST(document, operationName);
  const query = op?.operation === 'subscription' ? schema.getSubscriptionType() : op?.operation === 'query' ? schema.getQueryType() : null;
  if (!op || !query) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const compiler = new SelectionCompiler({ schema, gate, purpose, fragments, derive });
  try {
    const roots = [...compiler.collect(query, [op.selectionSet])].map(([key, nodes]) => (op.operation === 'subscription' ? event : root)(compiler, query, key, nodes));
    return { roots, variableDefinitions: op.variableDefinitions, derivations: compiler.derivations, derive };
  } catch (e) {
    if (e instanceof Unplannable) return null;
    throw e;
  }
}

function root(c: SelectionCompiler, query: GraphQLObjectType, key: string, nodes: FieldNode[]): RootPlan {
  const node = nodes[0]!;
  if (node.name.value === '__typename') return { kind: 'typename', key };
  if (nodes.length > 1) throw new Unplannable('root field repeated');
  const field = query.getFields()[node.name.value];
  if (!field) throw new Unplannable(node.name.value);
  c.check(query, field);
  const lookup = lookupOf(field);
  if (lookup) return lookupPlan(c, key, field, node, lookup);
  const listing = listingOf(field);
  if (listing) return listingPlan(c, key, field, node, listing);
  throw new Unplannable(`root ${field.name}`);
}

function lookupPlan(c: SelectionCompiler, key: string, field: GraphQLField<unknown, unknown>, node: FieldNode, decl: LookupDecl): RootPlan {
  const type = getNamedType(field.type);
  const table = isObjectType(type) ? tableOf(type)?.table : undefined;
  if (!table || !isObjectType(type) || isListType(getNullableType(field.type))) throw new Unplannable(`lookup ${field.name}`);
  const cols = colsOf(table, 't0');
  const obj = c.object(type, table, 't0', [node]);
  const where = Object.keys(decl.by).map((col, i) => `${cols[col]} = $${i + 1}`).join(' AND ');
  return { kind: 'lookup', key, field, node, decl, text: `SELECT ${obj}::text AS j FROM ${tableSql(table)} t0 WHERE ${where} AND ${c.scope(type, cols, true)}` };
}

/**
 * A subscription's event: its row read again by its key, under the principal's scope (no
 * row: the resolvers answer). A selection of the row's own fields only is left to the
 * resolvers, which answer it from the event's row with no statement at all.
 */
function event(c: SelectionCompiler, subscription: GraphQLObjectType, key: string, nodes: FieldNode[]): RootPlan {
  const node = nodes[0]!;
  const field = subscription.getFields()[node.name.value];
  const decl = field && eventOf(field);
  const type = field && getNamedType(field.type);
  const table = type && isObjectType(type) ? tableOf(type)?.table : undefined;
  if (!decl || !table || !isObjectType(type) || nodes.length > 1 || isListType(getNullableType(field.type))) throw new Unplannable(`event ${node.name.value}`);
  c.check(subscription, field);
  const cols = colsOf(table, 't0');
  const where = decl.by.map((col, i) => `${cols[col]} = $${i + 1}`).join(' AND ');
  const obj = c.object(type, table, 't0', [node]);
  if (!c.readsBeyondRow) throw new Unplannable(`event ${node.name.value}: the event's row answers it`);
  return { kind: 'event', key, decl, text: `SELECT ${obj}::text AS j FROM ${tableSql(table)} t0 WHERE ${where} AND ${c.scope(type, cols, true)}` };
}

/**
 * One page, its page info and (when asked) its count, with the page's rows read once
 * (`limit n + 1`, numbered in reading order). The statement's text is fixed here but for
 * the pieces one request's arguments decide (analyst/page: filter, order, cursors, page
 * size, direction), which stand as `\u0000NAME\u0000` markers until it runs.
 */
function listingPlan(c: SelectionCompiler, key: string, field: GraphQLField<unknown, unknown>, node: FieldNode, decl: ListingDecl): RootPlan {
  const conn = getNamedType(field.type);
  if (!isObjectType(conn)) throw new Unplannable('listing type');
  const edgeField = conn.getFields().edges;
  const edge = edgeField && getNamedType(edgeField.type);
  const nodeField = edge && isObjectType(edge) ? edge.getFields().node : undefined;
  const entity = nodeField && getNamedType(nodeField.type);
  const table = entity && isObjectType(entity) ? tableOf(entity)?.table : undefined;
  if (!table || table !== decl.table || !isObjectType(edge) || !isObjectType(entity)) throw new Unplannable(`listing ${field.name}`);
  const mark = (name: string) => `\u0000${name}\u0000`;
  const inPage = `t0.rn__ <= ${mark('N')}`;
  const pairs: [string, string][] = [];
  for (const [k, same] of c.collect(conn, setsOf([node]))) {
    const name = same[0]!.name.value;
    if (name === '__typename') pairs.push([k, literal(conn.name)]);
    else if (name === 'totalCount') {
      c.check(conn, conn.getFields().totalCount!);
      pairs.push([k, mark('COUNT')]);
    } else if (name === 'edges') {
      c.check(conn, edgeField!);
      const edgePairs: [string, string][] = [];
      for (const [ek, esame] of c.collect(edge, setsOf(same))) {
        const en = esame[0]!.name.value;
        if (en === '__typename') edgePairs.push([ek, literal(edge.name)]);
        else if (en === 'cursor') {
          c.check(edge, edge.getFields().cursor!);
          edgePairs.push([ek, 't0.cursor__']);
        } else if (en === 'node') {
          c.check(edge, nodeField!);
          edgePairs.push([ek, c.object(entity, table, 't0', esame)]);
        } else throw new Unplannable(`${edge.name}.${en}`);
      }
      pairs.push([k, `coalesce(json_agg(${jsonObject(edgePairs)} ORDER BY t0.rn__ ${mark('FIRST_DIR')}) FILTER (WHERE ${inPage}), '[]'::json)`]);
    } else if (name === 'pageInfo') {
      const info = getNamedType(conn.getFields().pageInfo!.type) as GraphQLObjectType;
      c.check(conn, conn.getFields().pageInfo!);
      const infoPairs: [string, string][] = [];
      for (const [ik, isame] of c.collect(info, setsOf(same))) {
        const iname = isame[0]!.name.value;
        if (iname === '__typename') infoPairs.push([ik, literal(info.name)]);
        else if (iname === 'hasNextPage') infoPairs.push([ik, mark('NEXT')]);
        else if (iname === 'hasPreviousPage') infoPairs.push([ik, mark('PREVIOUS')]);
        else if (iname === 'startCursor') infoPairs.push([ik, `(array_agg(t0.cursor__ ORDER BY t0.rn__ ${mark('FIRST_DIR')}) FILTER (WHERE ${inPage}))[1]`]);
        else if (iname === 'endCursor') infoPairs.push([ik, `(array_agg(t0.cursor__ ORDER BY t0.rn__ ${mark('LAST_DIR')}) FILTER (WHERE ${inPage}))[1]`]);
        else throw new Unplannable(`${info.name}.${iname}`);
        if (iname !== '__typename') c.check(info, info.getFields()[iname]!);
      }
      pairs.push([k, jsonObject(infoPairs)]);
    } else throw new Unplannable(`${conn.name}.${name}`);
  }
  return { kind: 'listing', key, field, node, decl, text: `SELECT ${jsonObject(pairs)}::text AS j FROM (${mark('PAGE')}) t0` };
}

const setsOf = (nodes: readonly FieldNode[]) => nodes.map((n) => n.selectionSet);
