/**
 * analyst/connection-types
 *
 * The Relay connection of an entity type, generated from its description: `<Type>Edge`
 * (node, cursor), `<Type>Connection` (edges, complete page info, total count) and the
 * arguments every analyst connection takes (first/after, last/before, filter, orderBy).
 */
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/connection.js';
import { DataClass } from '../data-class.js';
import { inputsOf } from './inputs.js';
import { namedClass, type AnalystSpec } from './spec.js';

export interface ConnectionTypes {
  readonly connection: Function;
  readonly args: Function;
}

export function connectionTypesOf(spec: AnalystSpec): ConnectionTypes {
  const t = spec.typeName;
  const l = spec.label;
  const inputs = inputsOf(spec);
  const edge = namedClass(`${t}Edge`);
  Field(() => spec.type as never, { description: `该条${l} (the ${t}).` })(edge.prototype, 'node');
  Field(() => String, { description: '游标 (this edge’s cursor: pass it as `after` or `before`).' })(edge.prototype, 'cursor');
  DataClass('STRUCTURE')(edge as never);
  ObjectType(`${t}Edge`, { description: `${l}列表中的一条 (one ${t} of a page).` })(edge);

  const connection = namedClass(`${t}Connection`);
  Field(() => [edge] as never, { description: '本页 (this page’s rows, in the list’s order).' })(connection.prototype, 'edges');
  Field(() => PageInfo, { description: '翻页信息 (where this page lies in the list).' })(connection.prototype, 'pageInfo');
  Field(() => Int, { description: '符合条件的总数 (rows matching across all pages; counted only when asked for).' })(connection.prototype, 'totalCount');
  DataClass('STRUCTURE')(connection as never);
  ObjectType(`${t}Connection`, { description: `${l}分页列表 (a page of ${t} rows, Relay connection).` })(connection);

  const args = namedClass(`${t}ConnectionArgs`);
  Field(() => Int, { nullable: true, description: '前 n 条，0–100 (page size from the start or after `after`; 0: no edges, only the count and page info). @default 20' })(args.prototype, 'first');
  Field(() => String, { nullable: true, description: '在此游标之后 (rows after this cursor).' })(args.prototype, 'after');
  Field(() => Int, { nullable: true, description: '后 n 条，0–100 (page size from the end or before `before`; not with `first`).' })(args.prototype, 'last');
  Field(() => String, { nullable: true, description: '在此游标之前 (rows before this cursor).' })(args.prototype, 'before');
  Field(() => inputs.filter as never, { nullable: true, description: '筛选条件 (which rows).' })(args.prototype, 'filter');
  Field(() => [inputs.order] as never, { nullable: true, description: `排序，依次比较 (order, compared key by key; then by ${spec.tiebreak}). @default by ${spec.tiebreak}` })(args.prototype, 'orderBy');
  ArgsType()(args);
  return { connection, args };
}
