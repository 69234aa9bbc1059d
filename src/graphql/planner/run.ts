/**
 * planner/run
 *
 * Runs a plan: one prepared statement per root field, in parallel, each returning its
 * nested JSON. What the statement leaves undecided the resolvers decide: an argument the
 * resolver would refuse or reinterpret, a lookup that finds no row (NOT_FOUND, or not
 * visible to this principal), a statement that fails — then `null`, and the operation runs
 * through the resolvers, which answer exactly as they always have. Entity keys for the
 * read audit are taken out of the JSON (`$k`) and reach the gate only with a planned answer;
 * derived fields' facts (`$d`) become their values (planner/derived). A subscription's
 * event runs its one statement with the event row's key (`runEventPlan`).
 */
import { getArgumentValues, getVariableValues, type GraphQLSchema } from 'graphql';
import type { Database } from '../../db/client.js';
import { analystEnv } from '../analyst/access.js';
import { pageOf, type Page } from '../analyst/page.js';
import { Sql } from '../../db/sql-parts.js';
import type { EntityGate } from '../entity-gate.js';
import { derive } from './derived.js';
import type { OperationPlan, RootPlan } from './operation.js';

const FALLBACK = Symbol('fallback');

/** The response's `data`, or null when the resolvers are to answer. */
export async function runPlan(
  schema: GraphQLSchema, plan: OperationPlan, rawVariables: Record<string, unknown> | undefined, db: Database, gate: EntityGate, purpose: boolean,
  onError: (e: unknown) => void,
): Promise<Record<string, unknown> | null> {
  const coerced = getVariableValues(schema, plan.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) return null;
  const results = await Promise.all(plan.roots.map((r) => runRoot(r, coerced.coerced, db, schema, gate, purpose).catch((e: unknown) => {
    onError(e);
    return FALLBACK;
  })));
  if (results.includes(FALLBACK)) return null;
  return answer(plan, results, gate);
}

/** A subscription event's `data` from its plan: the event's row (`payload`) read again for the selection; null when the resolvers are to answer. */
export async function runEventPlan(plan: OperationPlan, payload: unknown, db: Database, gate: EntityGate, onError: (e: unknown) => void): Promise<Record<string, unknown> | null> {
  const r = plan.roots[0];
  if (plan.roots.length !== 1 || r?.kind !== 'event') return null;
  try {
    // Keyed by the row's primary key: one generic plan, prepared once per connection.
    const [j] = await db.readText(r.text, r.decl.key(payload), true);
    return j === undefined || j === null ? null : answer(plan, [JSON.parse(j)], gate);
  } catch (e) {
    onError(e);
    return null;
  }
}

/** The roots' results as `data`, with every returned entity's key handed to the gate (for the read audit). */
function answer(plan: OperationPlan, results: readonly unknown[], gate: EntityGate): Record<string, unknown> {
  const keys = new Set<string>();
  const data: Record<string, unknown> = {};
  // `$d`: a derived field's facts, answered by its projected value.
  const derived = (o: Record<string, unknown>) => derive(plan.derivations[o.$d as number]!, o.v, plan.derive, gate);
  plan.roots.forEach((r, i) => {
    data[r.key] = takeKeys(results[i], keys, derived);
  });
  for (const k of keys) gate.returned.add(k);
  return data;
}

async function runRoot(r: RootPlan, variables: Record<string, unknown>, db: Database, schema: GraphQLSchema, gate: EntityGate, purpose: boolean): Promise<unknown> {
  if (r.kind === 'typename') return 'Query';
  if (r.kind === 'event') return FALLBACK;
  const args = getArgumentValues(r.field, r.node, variables);
  if (r.kind === 'lookup') {
    const key = r.decl.key(args);
    if (key === null) return FALLBACK;
    // A lookup by a unique key: one generic plan serves every key, so it is prepared once per connection.
    const [j] = await db.readText(r.text, key, true);
    return j === undefined || j === null ? FALLBACK : JSON.parse(j);
  }
  // A page size, cursor, filter or order the resolver refuses: it answers, with its error.
  let page: Page;
  try {
    page = pageOf(r.decl, args, analystEnv(schema, gate, purpose));
  } catch {
    return FALLBACK;
  }
  const more = Sql.text(`(count(*) > ${page.n})`);
  const outside = page.outside ?? Sql.text('false');
  const pieces: Record<string, Sql> = {
    N: Sql.text(String(page.n)),
    get COUNT() {
      return page.count();
    },
    NEXT: page.backward ? outside : more,
    PREVIOUS: page.backward ? more : outside,
    FIRST_DIR: Sql.text(page.backward ? 'DESC' : 'ASC'),
    LAST_DIR: Sql.text(page.backward ? 'ASC' : 'DESC'),
    // The page's rows first (`limit n + 1`), then their cursors and numbers: computed for those rows only, not for every match.
    PAGE: Sql.of`SELECT ${Sql.text(`${page.from}.*, ${page.cursor} AS cursor__, row_number() OVER (ORDER BY ${page.scanOrder}) AS rn__`)}`
      .append(Sql.of` FROM (${page.rows}) ${Sql.text(page.from)}`),
  };
  const statement = Sql.join(r.text.split(/\u0000(\w+)\u0000/).map((part, i) => (i % 2 ? pieces[part]! : Sql.text(part))), '').toText();
  // A page's filter may match a county or a whole province: planned for its own values each time.
  const [j] = await db.readText(statement.text, statement.params, false);
  return j ? JSON.parse(j) : FALLBACK;
}

/**
 * One walk over a planned answer: removes every `$k` member (an entity's `Type:key`) into
 * `keys`, and replaces every object with a `$d` member by `derived(it)`; returns the value.
 */
function takeKeys(value: unknown, keys: Set<string>, derived: (o: Record<string, unknown>) => unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (value[i] !== null && typeof value[i] === 'object') value[i] = takeKeys(value[i], keys, derived);
  } else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.$d === 'number') return derived(o);
    if (typeof o.$k === 'string') {
      keys.add(o.$k);
      delete o.$k;
    }
    for (const k in o) {
      const v = o[k];
      if (v !== null && typeof v === 'object') o[k] = takeKeys(v, keys, derived);
    }
  }
  return value;
}
