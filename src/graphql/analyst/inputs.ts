/**
 * analyst/inputs
 *
 * The input types generated from each entity's description (analyst/spec): its filter
 * (an operator input per field, a predicate per link, `and` / `or` / `not`), the
 * `some` / `none` / `every` predicate a list link takes, and its ordering. Generated once,
 * before the schema is built; a link's target is resolved when the schema is.
 */
import { Extensions, Field, InputType, registerEnumType } from 'type-graphql';
import { declaredClass } from './declared-class.js';
import { operatorInput } from './operators.js';
import { namedClass, type AnalystSpec } from './spec.js';

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: '排序方向 (order direction). A row without a value sorts as the greatest: last ascending, first descending.',
  valuesConfig: { ASC: { description: '升序 (ascending: smallest, earliest, A first)' }, DESC: { description: '降序 (descending: largest, latest first)' } },
});

export interface SpecInputs {
  readonly filter: Function;
  readonly list: Function;
  readonly order: Function;
  /** ORDER_FIELD → property. */
  readonly orderFields: Readonly<Record<string, string>>;
}

const generated = new Map<string, SpecInputs>();

export const upperSnake = (prop: string) => prop.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** The inputs of `spec`, generated on first call. */
export function inputsOf(spec: AnalystSpec): SpecInputs {
  const done = generated.get(spec.typeName);
  if (done) return done;
  const t = spec.typeName;
  const l = spec.label;
  const filter = namedClass(`${t}Filter`);
  const list = namedClass(`${t}ListFilter`);
  const order = namedClass(`${t}Order`);
  const orderFields = Object.fromEntries([...spec.order, spec.tiebreak].map((p) => [upperSnake(p), p]));
  const inputs: SpecInputs = { filter, list, order, orderFields };
  generated.set(t, inputs);

  for (const [prop, kind] of Object.entries(spec.fields)) {
    // Created now: type-graphql reads decorators when the schema is built, not while it is.
    const ops = operatorInput(kind);
    // The field's class: the read audit redacts what is sent for a person's name or ID (audit/redaction).
    Extensions({ dataClass: declaredClass(spec.typeName, prop) })(filter.prototype, prop);
    Field(() => ops as never, { nullable: true, description: `按 ${prop} 筛选 (conditions on ${t}.${prop}).` })(filter.prototype, prop);
  }
  for (const [link, { target, one }] of Object.entries(spec.relations)) {
    Field(() => (one ? inputsOf(target()).filter : inputsOf(target()).list) as never, {
      nullable: true,
      description: one
        ? `关联 ${link}：其记录满足此条件 (the linked ${link} exists and matches).`
        : `关联 ${link}：some 至少一条 / none 没有一条 / every 每一条满足 (linked ${link}: some, none or every matches).`,
    })(filter.prototype, link);
  }
  Field(() => [filter] as never, { nullable: true, description: '全部满足 (all of these hold).' })(filter.prototype, 'and');
  Field(() => [filter] as never, { nullable: true, description: '至少一个满足 (at least one of these holds).' })(filter.prototype, 'or');
  Field(() => filter as never, { nullable: true, description: '不满足 (this does not hold).' })(filter.prototype, 'not');
  InputType(`${t}Filter`, { description: `${l}筛选条件 (filter on ${t}): every field given must hold; a field's operators all hold.` })(filter);

  Field(() => filter as never, { nullable: true, description: '至少一条满足 (at least one linked row matches; `{}`: there is one).' })(list.prototype, 'some');
  Field(() => filter as never, { nullable: true, description: '没有一条满足 (no linked row matches; `{}`: there is none).' })(list.prototype, 'none');
  Field(() => filter as never, { nullable: true, description: '每一条都满足 (every linked row matches; true when there is none).' })(list.prototype, 'every');
  InputType(`${t}ListFilter`, { description: `关联${l}列表的条件 (a predicate on a list of linked ${t} rows).` })(list);

  const fieldEnum = Object.fromEntries(Object.keys(orderFields).map((k) => [k, k]));
  registerEnumType(fieldEnum, {
    name: `${t}OrderField`,
    description: `${l}可排序字段 (fields a ${t} list may be ordered by); ties are broken by ${spec.tiebreak}, in the direction of the last field.`,
    valuesConfig: Object.fromEntries(Object.entries(orderFields).map(([k, p]) => [k, { description: `按${l}的 ${p} 排序 (by ${t}.${p})` }])),
  });
  Field(() => fieldEnum as never, { description: '排序字段 (the field).' })(order.prototype, 'field');
  Field(() => OrderDirection as never, { defaultValue: OrderDirection.ASC, description: '方向 (direction). @default ASC' })(order.prototype, 'direction');
  InputType(`${t}Order`, { description: `${l}排序 (one key of a ${t} list's order).` })(order);
  return inputs;
}
