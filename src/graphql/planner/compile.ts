/**
 * planner/compile
 *
 * Compiles one selection on an object type into SQL that builds its JSON in PostgreSQL:
 * leaf fields from columns (or declared SQL), links as correlated subqueries with
 * `json_agg`, fragments and aliases merged as GraphQL merges them. The access model is
 * compiled in, decided as the entity gate decides it:
 * - a field the department may not read, a class needing a purpose not declared, a link
 *   to a type it may read nothing of: not planned (the resolvers then refuse it, with
 *   their error, before any SQL);
 * - a masked field: masked in SQL (`policy/masks`' rule);
 * - whose a row is (graphql/ownership): a predicate on every table the statement reads;
 * - the audit's `Type:key` of every entity returned: a `$k` member the runner strips;
 * - a derived field (planner/derived): its facts, `{"$d": n, "v": facts}`, which the
 *   runner turns into the value.
 */
import {
  getArgumentValues, getNamedType, getNullableType, isAbstractType, isEnumType, isLeafType, isListType, isObjectType, Kind,
  type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLObjectType, type GraphQLSchema, type SelectionSetNode,
} from 'graphql';
import type { PgTable } from 'drizzle-orm/pg-core';
import { enterprise, landParcel } from '../../../schema/index.js';
import { divisionRange } from '../../domain/divisions.js';
import type { EntityGate, SeenAs } from '../entity-gate.js';
import { keySql } from '../entity-keys.js';
import { ownershipOf, type OwnerSpec } from '../ownership.js';
import { colsOf, columnOf, computedOf, derivedOf, hasResolver, linkOf, tableOf, tableSql, type Cols, type DeriveEnv, type TableDecl } from './declare.js';
import { projectionOf, type Derivation } from './derived.js';
import { literal } from '../../db/sql-parts.js';
import { enumSql, jsonObject, leafSql, maskListSql, maskSql, Unplannable } from './sql-text.js';

/** json_build_object takes at most 100 arguments. */
const MAX_PAIRS = 50;

export interface CompileEnv {
  readonly schema: GraphQLSchema;
  readonly gate: EntityGate;
  readonly purpose: boolean;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  /** What derived fields depend on (the request's day): the plan is cached with it. Without it they are not planned. */
  readonly derive?: DeriveEnv;
}

export class SelectionCompiler {
  private aliases = 0;
  /** The derived fields met so far; `$d` in the statement's JSON is an index into this. */
  readonly derivations: Derivation[] = [];
  /** Whether what was compiled reads beyond its root row (a link to other rows, a derived value's facts). */
  readsBeyondRow = false;

  /** `prefix` names this compiler's table aliases (`t1`, …), apart from another's in the same statement. */
  constructor(readonly env: CompileEnv, private readonly prefix = 't') {}

  alias(): string {
    return `${this.prefix}${++this.aliases}`;
  }

  /** Fields of `nodes`' merged selection sets on `type`, by response key, in GraphQL's order. */
  collect(type: GraphQLObjectType, sets: readonly (SelectionSetNode | undefined)[]): Map<string, FieldNode[]> {
    const out = new Map<string, FieldNode[]>();
    const visit = (set: SelectionSetNode) => {
      for (const sel of set.selections) {
        if (!this.included(sel.directives)) continue;
        if (sel.kind === Kind.FIELD) {
          const key = sel.alias?.value ?? sel.name.value;
          const list = out.get(key);
          if (list) list.push(sel);
          else out.set(key, [sel]);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          if (!sel.typeCondition || this.applies(sel.typeCondition.name.value, type)) visit(sel.selectionSet);
        } else {
          const f = this.env.fragments[sel.name.value];
          if (!f) throw new Unplannable(`fragment ${sel.name.value}`);
          if (this.applies(f.typeCondition.name.value, type)) visit(f.selectionSet);
        }
      }
    };
    for (const s of sets) if (s) visit(s);
    return out;
  }

  /** `@skip` / `@include` with a literal condition; a variable one is not planned (its plan would depend on it). */
  private included(directives: FieldNode['directives']): boolean {
    for (const d of directives ?? []) {
      if (d.name.value !== 'skip' && d.name.value !== 'include') throw new Unplannable(`directive @${d.name.value}`);
      const arg = d.arguments?.find((a) => a.name.value === 'if')?.value;
      if (arg?.kind !== Kind.BOOLEAN) throw new Unplannable('variable @skip/@include');
      if ((d.name.value === 'skip') === arg.value) return false;
    }
    return true;
  }

  private applies(condition: string, type: GraphQLObjectType): boolean {
    if (condition === type.name) return true;
    const t = this.env.schema.getType(condition);
    return !!t && isAbstractType(t) && this.env.schema.isSubType(t, type);
  }

  /** The JSON object of `type` for the row of `table` under `alias`. */
  object(type: GraphQLObjectType, table: PgTable, alias: string, nodes: readonly FieldNode[]): string {
    const fields = this.collect(type, nodes.map((n) => n.selectionSet));
    const self: TableDecl = tableOf(type) ?? { table };
    const cols = colsOf(table, alias);
    const pairs: [string, string][] = [];
    for (const [key, same] of fields) pairs.push([key, this.field(type, table, alias, cols, self, same)]);
    if (self.key) pairs.push(['$k', `${literal(`${type.name}:`)} || ${keySql(self.key, cols)}`]);
    if (pairs.length > MAX_PAIRS) throw new Unplannable('too many fields for one json_build_object');
    return jsonObject(pairs);
  }

  /** The entity gate's decision on `type.field` here: a refusal is left to the resolvers (which answer it); returns how values are seen. */
  check(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): SeenAs {
    const decision = this.env.gate.decide(this.env.schema, type, field, this.env.purpose);
    if ('refused' in decision) throw new Unplannable(decision.refused);
    return decision.access;
  }

  private field(type: GraphQLObjectType, table: PgTable, alias: string, cols: Cols, self: TableDecl, nodes: FieldNode[]): string {
    const name = nodes[0]!.name.value;
    if (name === '__typename') return literal(type.name);
    const field = type.getFields()[name];
    if (!field) throw new Unplannable(`${type.name}.${name}`);
    const access = this.check(type, field);
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      const computed = computedOf(field);
      let value: string;
      if (computed) value = computed(cols, self);
      else {
        const column = columnOf(table, name);
        if (!column || hasResolver(type, name) || isListType(getNullableType(field.type))) throw new Unplannable(`${type.name}.${name}`);
        value = isEnumType(named) ? enumSql(cols[name]!, named.getValues()) : leafSql(column, cols[name]!, named.name);
      }
      if (access === 'allow') return value;
      if (access === 'withhold') return 'NULL';
      return isListType(getNullableType(field.type)) ? maskListSql(value, named.name) : maskSql(value, named.name);
    }
    if (!isObjectType(named)) throw new Unplannable(`abstract ${named.name}`);
    const derived = derivedOf(field);
    if (derived) {
      if (!this.env.derive || isListType(getNullableType(field.type))) throw new Unplannable(`derived ${type.name}.${name}`);
      this.derivations.push({ decl: derived, projection: projectionOf(this, named, nodes) });
      this.readsBeyondRow = true;
      return `json_build_object('$d', ${this.derivations.length - 1}, 'v', ${derived.facts(cols, this.env.derive)})`;
    }
    return this.link(field, named, table, alias, cols, nodes);
  }

  private link(field: GraphQLField<unknown, unknown>, target: GraphQLObjectType, ptable: PgTable, palias: string, pcols: Cols, nodes: FieldNode[]): string {
    const decl = linkOf(field);
    if (!decl) throw new Unplannable(`link ${field.name}`);
    const list = isListType(getNullableType(field.type));
    if (decl.inline) {
      if (list) throw new Unplannable('inline list');
      return `(CASE WHEN ${decl.inline(pcols)} AND ${this.scope(target, pcols, false)} THEN ${this.object(target, ptable, palias, nodes)} END)`;
    }
    const table = tableOf(target)?.table;
    if (!table || !decl.where || list === !!decl.one) throw new Unplannable(`link ${field.name}`);
    this.readsBeyondRow = true;
    if (nodes.some((n) => n.arguments?.some((a) => a.value.kind === Kind.VARIABLE))) throw new Unplannable('variable link argument');
    const args = getArgumentValues(field, nodes[0]!);
    const alias = this.alias();
    const cols = colsOf(table, alias);
    const obj = this.object(target, table, alias, nodes);
    const from = `FROM ${tableSql(table)} ${alias} WHERE (${decl.where(cols, pcols, args)}) AND ${this.scope(target, cols, false)}`;
    const order = decl.order ? ` ORDER BY ${decl.order(cols, pcols)}` : '';
    return decl.one ? `(SELECT ${obj} ${from}${order} LIMIT 1)` : `coalesce((SELECT json_agg(${obj}${order}) ${from}), '[]'::json)`;
  }

  /** Which rows of `type` the principal may see, as a predicate (the SQL form of `EntityGate.visibleRow`). */
  scope(type: GraphQLObjectType, cols: Cols, viaRoot: boolean): string {
    const { gate } = this.env;
    const own = ownershipOf(type);
    if (!own) return gate.scoped ? 'false' : 'true';
    const parts: string[] = [];
    if (own.rowClass) {
      const values = gate.readableFacts(own.rowClass.classes);
      parts.push(values.length ? `${cols[own.rowClass.by]} IN (${values.map(literal).join(', ')})` : 'false');
    }
    const o = own.owner;
    if ('parent' in o) {
      if (viaRoot) return 'false';
    } else if (!('none' in o) && gate.scoped) {
      if ('unknown' in o) return 'false';
      parts.push(this.ownerInScope(o, cols));
    }
    return parts.length ? parts.join(' AND ') : 'true';
  }

  /** The row's owner lies in the principal's division: its own column, its enterprise's, else its parcel's. */
  private ownerInScope(o: Exclude<OwnerSpec, { parent: true } | { none: true } | { unknown: true }>, cols: Cols): string {
    const { from, to } = divisionRange(this.env.gate.principal.division!);
    const within = (col: string) => `(${col} >= ${literal(from)} AND ${col} < ${literal(to)})`;
    const viaParcel = (code: string) => {
      const a = this.alias();
      const p = colsOf(landParcel, a);
      return `EXISTS (SELECT 1 FROM ${tableSql(landParcel)} ${a} WHERE ${p.parcelCode} = left(${code}, 19) AND ${within(p.divisionCode!)})`;
    };
    if ('division' in o) return within(cols[o.division]!);
    if ('enterprise' in o) {
      const a = this.alias();
      const e = colsOf(enterprise, a);
      const uscc = cols[o.enterprise]!;
      const viaEnterprise = `EXISTS (SELECT 1 FROM ${tableSql(enterprise)} ${a} WHERE ${e.uscc} = ${uscc} AND ${within(e.divisionCode!)})`;
      return o.parcel ? `(CASE WHEN coalesce(${uscc}, '') <> '' THEN ${viaEnterprise} ELSE ${viaParcel(cols[o.parcel]!)} END)` : viaEnterprise;
    }
    return viaParcel(cols[o.parcel]!);
  }
}
