/**
 * The committed schema.graphql is what the code emits; regenerate with `npm run schema:emit`.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { printHubSchema, SCHEMA_FILE } from '../src/graphql/emit-schema.js';

it('schema.graphql matches the schema built from the code', async () => {
  expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await printHubSchema());
});

it('keys every entity by its national code and implements Node', async () => {
  const sdl = await printHubSchema();
  for (const [type, key] of [['Enterprise', 'uscc'], ['LandParcel', 'parcelCode'], ['RealEstateUnit', 'unitCode'], ['License', 'licenseId'], ['Project', 'projectCode'], ['Registration', 'ywh']]) {
    expect(sdl).toMatch(new RegExp(`type ${type} implements Node \\{[^}]*\\n  ${key}: String`));
  }
});
