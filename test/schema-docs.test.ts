/**
 * The schema documents itself for analysts: every type, field, argument, input field and
 * enum value has a description (coverage 100 %), and everything the analyst descriptions
 * generate — filters, operators, orderings, statistics, connections — is described in
 * Chinese first, then English.
 */
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLNamedType } from 'graphql';
import { expect, it } from 'vitest';
import { buildHubSchema } from '../src/graphql/build-schema.js';
import { allSpecs } from '../src/graphql/analyst/spec.js';

/** Every schema coordinate and its description. */
function coordinates(types: readonly GraphQLNamedType[]): [string, string | null | undefined][] {
  const out: [string, string | null | undefined][] = [];
  for (const t of types) {
    out.push([t.name, t.description]);
    if (isObjectType(t) || isInterfaceType(t)) {
      for (const f of Object.values(t.getFields())) {
        out.push([`${t.name}.${f.name}`, f.description]);
        for (const a of f.args) out.push([`${t.name}.${f.name}(${a.name}:)`, a.description]);
      }
    }
    if (isInputObjectType(t)) for (const f of Object.values(t.getFields())) out.push([`${t.name}.${f.name}`, f.description]);
    if (isEnumType(t)) for (const v of t.getValues()) out.push([`${t.name}.${v.name}`, v.description]);
  }
  return out;
}

it('describes every type, field, argument, input field and enum value', async () => {
  const schema = await buildHubSchema();
  const all = coordinates(Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(t.name)));
  expect(all.length).toBeGreaterThan(1000);
  expect(all.filter(([, d]) => !d?.trim()).map(([c]) => c)).toEqual([]);
});

it('describes what the analyst descriptions generate in Chinese first', async () => {
  const schema = await buildHubSchema();
  const generated = new Set<string>(['TextFilter', 'DateFilter', 'IntFilter', 'AmountFilter', 'BooleanFilter', 'DivisionFilter', 'LandUseFilter', 'OrderDirection', 'PageInfo']);
  for (const s of allSpecs()) {
    for (const suffix of ['Filter', 'ListFilter', 'Order', 'OrderField']) generated.add(`${s.typeName}${suffix}`);
    if (s.connection) for (const suffix of ['Connection', 'Edge']) generated.add(`${s.typeName}${suffix}`);
    if (s.stats) for (const suffix of ['Stats', 'Group', 'GroupKey', 'GroupBy']) generated.add(`${s.typeName}${suffix}`);
  }
  const types = [...generated].map((n) => schema.getType(n)).filter((t): t is GraphQLNamedType => !!t);
  expect(types.length).toBeGreaterThan(60);
  const english = coordinates(types).filter(([, d]) => !/^[\u3400-\u9fff]/.test(d ?? '') && !/^[A-Z]{1,2}[\s.(]/.test(d ?? '') && !/^\w+\.\w+$/.test(d ?? ''));
  expect(english.map(([c, d]) => `${c}: ${d}`)).toEqual([]);
});
