/**
 * analyst/resolvers
 *
 * Every analyst root field, generated from the entity descriptions: a connection per
 * described type that has one, statistics per type that has them. `assertDescribed`
 * checks the descriptions against the built schema (every field, link and dimension
 * named exists, every link has its SQL), so a broken description fails the build.
 */
import { getNamedType, isListType, getNullableType, type GraphQLSchema } from 'graphql';
import '../credit/credit.analyst.js';
import '../enterprise/enterprise.analyst.js';
import '../land/land.analyst.js';
import '../license/license.analyst.js';
import '../realestate/realestate.analyst.js';
import '../tax/tax.analyst.js';
import { linkOf } from '../planner/declare.js';
import { objectType } from './access.js';
import { connectionResolvers } from './connection.resolver.js';
import { inputsOf } from './inputs.js';
import { allSpecs } from './spec.js';
import { statsResolver } from './stats.resolver.js';

let generated: Function[] | null = null;

export function analystResolvers(): Function[] {
  if (generated) return generated;
  const specs = allSpecs();
  for (const s of specs) inputsOf(s);
  generated = specs.flatMap((s) => [...(s.connection ? connectionResolvers(s) : []), ...(s.stats ? [statsResolver(s)] : [])]);
  return generated;
}

export function assertDescribed(schema: GraphQLSchema): void {
  const problems: string[] = [];
  const has = (typeName: string, field: string) => !!objectType(schema, typeName).getFields()[field];
  for (const s of allSpecs()) {
    for (const f of [...Object.keys(s.fields), ...s.order]) if (!has(s.typeName, f)) problems.push(`${s.typeName}.${f}`);
    for (const [name, rel] of Object.entries(s.relations)) {
      const field = objectType(schema, s.typeName).getFields()[name];
      const link = field && linkOf(field);
      if (!field || !link?.where) problems.push(`${s.typeName}.${name} (a relation needs a @Link with a condition)`);
      else if (isListType(getNullableType(field.type)) === rel.one || getNamedType(field.type).name !== rel.target().typeName) problems.push(`${s.typeName}.${name} (one/many or target)`);
    }
    for (const d of Object.values(s.stats?.groups ?? {})) {
      const [t, f] = d.field.split('.') as [string, string];
      if (!has(t, f)) problems.push(`${s.typeName} dimension ${d.key} names ${d.field}`);
    }
    for (const m of Object.keys(s.stats?.measures ?? {})) if (!has(s.typeName, m)) problems.push(`${s.typeName} measure ${m}`);
  }
  if (problems.length) throw new Error(`analyst descriptions name what the schema does not have: ${problems.join(', ')}`);
}
