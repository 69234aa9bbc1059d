/**
 * Every saved example operation GraphiQL opens with is valid against the schema and
 * answers without an error for the analyst (with a declared purpose) — with data.
 */
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { buildHubSchema } from '../src/graphql/build-schema.js';
import { GRAPHIQL_EXAMPLES } from '../src/server/graphiql-examples.js';
import { startTestHub, type TestHub } from './support/hub.js';
import { bearer, DEMO_KEYS } from './support/keys.js';

const demo = loadConfigFile(DEMO_CONFIG_PATH);
let t: TestHub;
beforeAll(async () => {
  // The demo as `npm start` runs it, at test size: its example support policies included.
  t = await startTestHub({ config: { ...demo, demo: { enterprises: 150, seed: 20261124, examplePolicies: true } } });
  await t.hub.scheduler!.firstRound;
}, 180_000);
afterAll(async () => t?.stop());

it.each(GRAPHIQL_EXAMPLES.map((e) => [e.title, e] as const))('%s', async (_title, e) => {
  expect(validate(await buildHubSchema(), parse(e.query))).toEqual([]);
  const res = await t.gql(e.query, e.variables as Record<string, unknown> | undefined, { authorization: bearer(DEMO_KEYS.analyst), 'x-purpose': 'example check' });
  expect(res.body.errors).toBeUndefined();
  expect(JSON.stringify(res.body.data)).not.toBe('{}');
});
