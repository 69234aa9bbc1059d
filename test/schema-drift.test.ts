/**
 * The committed schema.graphql is what the code emits; regenerate with `npm run schema:emit`.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { printHubSchema, SCHEMA_FILE } from '../src/graphql/emit-schema.js';

it('schema.graphql matches the schema built from the code', async () => {
  expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await printHubSchema());
});

it('keys every entity by its national code (a Federation @key) and implements Node', async () => {
  const sdl = await printHubSchema();
  const keys = [
    ['Enterprise', 'uscc'], ['Enterprise', 'regNo'], ['LandParcel', 'parcelCode'], ['RealEstateUnit', 'unitCode'], ['License', 'licenseId'], ['Project', 'projectCode'],
    ['Registration', 'ywh'], ['TaxProfile', 'tin'], ['Person', 'id'],
  ];
  for (const [type, key] of keys) {
    expect(sdl).toMatch(new RegExp(`type ${type} implements Node [^{]*@key\\(fields: "${key}"\\)[^{]*\\{[^}]*\\n  ${key}: (String|ID)`));
  }
  expect(sdl.startsWith('# Generated')).toBe(true);
  expect(sdl).toContain('extend schema @link(url: "https://specs.apollo.dev/federation/v2.5"');
  // Federation's plumbing is the gateway's to add, not part of the subgraph schema.
  expect(sdl.slice(sdl.indexOf('extend schema'))).not.toMatch(/_entities|_service|_Any|_Entity/);
});
