/**
 * analyst/stats-types
 *
 * The statistics types of an entity type, generated from its description: `<Type>GroupBy`
 * (the dimensions), `<Type>GroupKey` (each grouped value, a division's name beside its
 * code), `<Type>Sums` / `<Type>Averages` / `<Type>Extremes` (the measures), `<Type>Group`
 * and `<Type>Stats`. Each key and measure carries the data class of the field it comes
 * from, so the entity gate guards it as it guards the field itself.
 */
import { GraphQLFloat } from 'graphql';
import { ArgsType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../common/date.scalar.js';
import { DataClass } from '../data-class.js';
import { declaredClass } from './declared-class.js';
import { inputsOf } from './inputs.js';
import { namedClass, type AnalystSpec, type MeasureKind } from './spec.js';

export interface StatsTypes {
  readonly stats: Function;
  readonly args: Function;
  /** The group-by enum and the group key type, for views that group the same rows (views/land-life). */
  readonly groupBy: Record<string, string>;
  readonly key: Function;
  /** One group (`<Type>Group`), for views that add figures to it (views/stage-durations). */
  readonly group: Function;
}

const made = new Map<string, StatsTypes>();

const MEASURE_TYPE: Record<MeasureKind, unknown> = { amount: GraphQLFloat, int: GraphQLFloat, date: DateScalar };

function measureType(spec: AnalystSpec, name: string, description: string, kinds: readonly MeasureKind[], typeOf: (k: MeasureKind) => unknown): Function | null {
  const fields = Object.entries(spec.stats!.measures).filter(([, k]) => kinds.includes(k));
  if (!fields.length) return null;
  const cls = namedClass(name);
  for (const [prop, kind] of fields) {
    Field(() => typeOf(kind) as never, { nullable: true, description: `${spec.label}的 ${prop} (${spec.typeName}.${prop})` })(cls.prototype, prop);
    DataClass(declaredClass(spec.typeName, prop))(cls.prototype, prop);
  }
  DataClass('STRUCTURE')(cls as never);
  ObjectType(name, { description })(cls);
  return cls;
}

export function statsTypesOf(spec: AnalystSpec): StatsTypes {
  const done = made.get(spec.typeName);
  if (done) return done;
  const s = spec.stats!;
  const t = spec.typeName;
  const l = spec.label;
  const groupBy = Object.fromEntries(Object.keys(s.groups).map((k) => [k, k]));
  registerEnumType(groupBy, {
    name: `${t}GroupBy`,
    description: `${l}分组维度 (what ${t} statistics may be grouped by).`,
    valuesConfig: Object.fromEntries(Object.entries(s.groups).map(([k, d]) => [k, { description: d.description }])),
  });

  const key = namedClass(`${t}GroupKey`);
  for (const dim of Object.values(s.groups)) {
    const [type, field] = dim.field.split('.') as [string, string];
    Field(() => String, { nullable: true, description: `${dim.description} (null when not grouped by it, or the rows have no value)` })(key.prototype, dim.key);
    DataClass(declaredClass(type, field))(key.prototype, dim.key);
    if (dim.division) {
      Field(() => String, { nullable: true, description: `区划名称 (the name of the ${dim.key} division)` })(key.prototype, `${dim.key}Name`);
      DataClass(declaredClass(type, field))(key.prototype, `${dim.key}Name`);
    }
  }
  DataClass('STRUCTURE')(key as never);
  ObjectType(`${t}GroupKey`, { description: `一个${l}分组的取值 (the values that form one group of ${t}).` })(key);

  const sums = measureType(spec, `${t}Sums`, `${l}合计 (sums over a group of ${t}).`, ['amount', 'int'], () => GraphQLFloat);
  const avgs = measureType(spec, `${t}Averages`, `${l}平均值 (averages over a group of ${t}).`, ['amount', 'int'], () => GraphQLFloat);
  const extremes = measureType(spec, `${t}Extremes`, `${l}最小/最大值 (least or greatest values in a group of ${t}).`, ['amount', 'int', 'date'], (k) => MEASURE_TYPE[k]);

  const group = namedClass(`${t}Group`);
  Field(() => key as never, { description: '分组取值 (the group’s values).' })(group.prototype, 'key');
  Field(() => Int, { description: '条数 (rows in the group).' })(group.prototype, 'count');
  if (sums) Field(() => sums as never, { description: '合计 (sums).' })(group.prototype, 'sum');
  if (avgs) Field(() => avgs as never, { description: '平均值 (averages).' })(group.prototype, 'avg');
  if (extremes) {
    Field(() => extremes as never, { description: '最小值 (least values).' })(group.prototype, 'min');
    Field(() => extremes as never, { description: '最大值 (greatest values).' })(group.prototype, 'max');
  }
  DataClass('STRUCTURE')(group as never);
  ObjectType(`${t}Group`, { description: `${l}的一个分组 (one group of ${t} rows).` })(group);

  const stats = namedClass(`${t}Stats`);
  Field(() => [group] as never, { description: '各分组，按分组取值排序 (one per combination of grouped values, ordered by them).' })(stats.prototype, 'groups');
  Field(() => Int, { description: '因少于本部门最小分组规模而未列出的分组数 (groups withheld: smaller than the department’s minimum group size).' })(stats.prototype, 'suppressedGroups');
  DataClass('STRUCTURE')(stats as never);
  ObjectType(`${t}Stats`, { description: `${l}分组统计 (grouped statistics of ${t}).` })(stats);

  const args = namedClass(`${t}StatsArgs`);
  Field(() => inputsOf(spec).filter as never, { nullable: true, description: '筛选条件 (which rows are counted).' })(args.prototype, 'filter');
  Field(() => [groupBy] as never, { defaultValue: [], description: '分组维度，至多 4 个 (dimensions, at most 4; none: one group of all rows).' })(args.prototype, 'groupBy');
  ArgsType()(args);
  const types = { stats, args, groupBy, key, group };
  made.set(spec.typeName, types);
  return types;
}
