/**
 * analyst/operators
 *
 * The operator inputs of one scalar field, by its kind (analyst/spec `ScalarKind`), and
 * their SQL. Text matches are literal: `%`, `_` and `\` in a value never act as wildcards.
 * A division covers its sub-divisions (an indexed code range). `ne` is SQL's `<>`: rows
 * where the field is empty are not "not equal" (ask `isNull` for those).
 */
import { GraphQLFloat, GraphQLInt, GraphQLString } from 'graphql';
import { Field, InputType } from 'type-graphql';
import { divisionRange, isKnownDivision } from '../../domain/divisions.js';
import { BadUserInputError } from '../errors.js';
import { DateScalar } from '../common/date.scalar.js';
import { bigramsOf } from './bigrams.js';
import { LandUseCode } from './scalars.js';
import { FILTER_LIMITS, namedClass, type ScalarKind } from './spec.js';
import { Sql } from '../../db/sql-parts.js';

const OPS = {
  eq: '等于 (equals)',
  ne: '不等于 (differs from; rows without a value do not match — use isNull)',
  in: '属于其中之一 (equals one of)',
  isNull: '是否无值 (true: has no value; false: has a value)',
  gt: '大于 (greater / later than)', gte: '大于或等于 (at least / on or after)', lt: '小于 (less / earlier than)', lte: '小于或等于 (at most / on or before)',
  startsWith: '以此开头 (starts with; literal text, no wildcards)',
  contains: '包含 (contains, 1–100 characters; literal text, no wildcards)',
  within: '属于此区划 (in this division: a county, or every county of a city xxxx00 / province xx0000)',
} as const;
type Op = keyof typeof OPS;

const OPS_OF: Record<string, readonly Op[]> = {
  text: ['eq', 'ne', 'in', 'isNull', 'startsWith', 'contains'],
  date: ['eq', 'ne', 'in', 'isNull', 'gt', 'gte', 'lt', 'lte'],
  int: ['eq', 'ne', 'in', 'isNull', 'gt', 'gte', 'lt', 'lte'],
  amount: ['eq', 'ne', 'in', 'isNull', 'gt', 'gte', 'lt', 'lte'],
  bool: ['eq', 'isNull'],
  division: ['within', 'in', 'isNull'],
  landUse: ['eq', 'ne', 'in', 'isNull', 'startsWith'],
  enum: ['eq', 'ne', 'in', 'isNull'],
};

const kindName = (k: ScalarKind) => (typeof k === 'string' ? k : 'enum');
const VALUE_TYPES: Record<string, unknown> = { text: GraphQLString, date: DateScalar, int: GraphQLInt, amount: GraphQLFloat, bool: Boolean, division: GraphQLString, landUse: LandUseCode };
const INPUT_NAMES: Record<string, string> = {
  text: 'TextFilter', date: 'DateFilter', int: 'IntFilter', amount: 'AmountFilter', bool: 'BooleanFilter', division: 'DivisionFilter', landUse: 'LandUseFilter',
};
const INPUT_DESCRIPTIONS: Record<string, string> = {
  text: '文本条件 (conditions on a text field).', date: '日期条件 (conditions on a date).', int: '整数条件 (conditions on a whole number, e.g. a year).',
  amount: '金额条件 (conditions on an amount, in the field’s unit).', bool: '是否条件 (conditions on a yes/no field).',
  division: '行政区划条件 (conditions on a GB/T 2260 division code).', landUse: '土地用途条件 (conditions on a GB/T 21010 land-use code).',
};

const inputs = new Map<string, Function>();

/** The operator input type of a kind (one per kind, one per enum). */
export function operatorInput(kind: ScalarKind): Function {
  const name = typeof kind === 'string' ? INPUT_NAMES[kind]! : `${kind.name}Filter`;
  let cls = inputs.get(name);
  if (cls) return cls;
  const value = typeof kind === 'string' ? VALUE_TYPES[kind] : kind.enum;
  cls = namedClass(name);
  for (const op of OPS_OF[kindName(kind)]!) {
    const type = op === 'isNull' ? Boolean : op === 'in' ? [value] : op === 'startsWith' || op === 'contains' || op === 'within' ? (kind === 'landUse' ? LandUseCode : GraphQLString) : value;
    Field(() => type as never, { nullable: true, description: OPS[op] })(cls.prototype, op);
  }
  InputType(name, { description: typeof kind === 'string' ? INPUT_DESCRIPTIONS[kind] : `代码取值条件 (conditions on a ${kind.name}).` })(cls);
  inputs.set(name, cls);
  return cls;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The SQL cast a parameter of this kind takes. */
const CAST: Record<string, string> = { text: 'text', date: 'date', int: 'bigint', amount: 'numeric', bool: 'boolean', division: 'text', landUse: 'text', enum: 'text' };

export function divisionValue(code: unknown, path: string): { from: string; to: string } {
  if (!isKnownDivision(code)) throw new BadUserInputError('division must be a known 6-digit GB/T 2260 code', { argument: path });
  return divisionRange(code);
}

/**
 * The conditions of one operator input on `col`, each counted by `count`. `searchable`: the
 * column has a `gg_bigrams` index (analyst/bigrams), which a text search of two or more
 * characters reads.
 */
export function operatorSql(kind: ScalarKind, col: string, ops: Record<string, unknown>, path: string, count: (at: string) => void, searchable = false): Sql[] {
  const cast = CAST[kindName(kind)]!;
  const p = (v: unknown) => Sql.of`${typeof v === 'number' && cast === 'numeric' ? String(v) : v}::${Sql.text(cast)}`;
  const out: Sql[] = [];
  for (const [op, v] of Object.entries(ops)) {
    if (v === undefined) continue;
    const at = `${path}.${op}`;
    count(at);
    if (v === null && op !== 'isNull') throw new BadUserInputError(`${op} needs a value (to ask for an empty field, use isNull: true)`, { argument: at });
    const c = Sql.text(col);
    switch (op) {
      case 'eq': out.push(Sql.of`${c} = ${p(v)}`); break;
      case 'ne': out.push(Sql.of`${c} <> ${p(v)}`); break;
      case 'gt': out.push(Sql.of`${c} > ${p(v)}`); break;
      case 'gte': out.push(Sql.of`${c} >= ${p(v)}`); break;
      case 'lt': out.push(Sql.of`${c} < ${p(v)}`); break;
      case 'lte': out.push(Sql.of`${c} <= ${p(v)}`); break;
      case 'isNull': out.push(Sql.text(v === null ? 'true' : `${col} IS ${v ? '' : 'NOT '}NULL`)); break;
      case 'in': {
        const list = v as unknown[];
        if (list.length > FILTER_LIMITS.inValues) throw new BadUserInputError(`in takes at most ${FILTER_LIMITS.inValues} values`, { argument: at, limit: 'inValues', max: FILTER_LIMITS.inValues });
        if (kind === 'division') out.push(list.length ? Sql.join(list.map((d, i) => withinSql(col, d, `${at}[${i}]`)), ' OR ') : Sql.text('false'));
        // Sent as text[] and cast in SQL: postgres.js serialises only the array types it knows (not numeric[]).
        else out.push(Sql.of`${c} = ANY((${list.map((x) => String(x))}::text[])::${Sql.text(cast)}[])`);
        break;
      }
      case 'within': out.push(withinSql(col, v, at)); break;
      case 'startsWith':
      case 'contains': {
        const text = String(v);
        // Characters, not UTF-16 units: a name's rarer characters (𠮷) are one each.
        const length = [...text].length;
        if (op === 'contains' && (length < 1 || length > 100)) throw new BadUserInputError('contains must be 1-100 characters', { argument: at });
        if (length > 100) throw new BadUserInputError('startsWith takes at most 100 characters', { argument: at });
        out.push(Sql.of`${c} LIKE ${`${op === 'contains' ? '%' : ''}${escapeLike(text)}%`}`);
        // The rows holding every piece of the text, from the index; the LIKE keeps those holding it whole.
        if (searchable && length >= 2) out.push(Sql.of`gg_bigrams(${c}) @> ${bigramsOf(text)}::text[]`);
        break;
      }
      default: throw new BadUserInputError(`unknown operator ${op}`, { argument: at });
    }
  }
  return out;
}

function withinSql(col: string, code: unknown, path: string): Sql {
  const { from, to } = divisionValue(code, path);
  return Sql.of`(${Sql.text(col)} >= ${from}::text AND ${Sql.text(col)} < ${to}::text)`;
}
