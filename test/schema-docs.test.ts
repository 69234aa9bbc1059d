/**
 * The schema documents itself for analysts: every type, field, argument, input field and
 * enum value has a description (coverage 100 %), written in Chinese first, then English —
 * what the analyst descriptions generate (filters, operators, orderings, statistics,
 * connections) included.
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

it('describes it in Chinese first, then English, for the departments’ analysts', async () => {
  const schema = await buildHubSchema();
  const all = coordinates(Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(t.name)));
  // Every generated filter, ordering, statistic and connection of every analyst description is among them.
  const generated = allSpecs().flatMap((s) => [`${s.typeName}Filter`, ...(s.connection ? [`${s.typeName}Order`] : []), ...(s.stats ? [`${s.typeName}Stats`, `${s.typeName}GroupBy`] : [])]);
  expect(generated.filter((n) => !schema.getType(n))).toEqual([]);
  expect(all.filter(([, d]) => !/^[\u3400-\u9fff]/.test(d ?? '')).map(([c, d]) => `${c}: ${d}`)).toEqual([]);
});
