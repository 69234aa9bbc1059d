/**
 * Every order a root connection offers is read from an index. For each connection, each of
 * its sortable fields (and its default order) in both directions, read forwards and
 * backwards (`first` and `last`), the page's own statement — compiled as the hub compiles
 * it, for each demo key that may read the connection (a district office's scope included)
 * — is planned on the migrated schema with sorting priced out (`enable_sort` off): no
 * Sort node may remain. An order without its (field, tiebreak) index would read and sort
 * every row to answer a page of 100: at a million enterprises, 115–175 ms instead of 1–2.
 * The list comes from the analyst descriptions, so a new sortable field without its index
 * fails here.
 */
import 'reflect-metadata';
import { expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { analystEnv } from '../src/graphql/analyst/access.js';
import { inputsOf } from '../src/graphql/analyst/inputs.js';
import { pageOf, type PageArgs } from '../src/graphql/analyst/page.js';
import { allSpecs } from '../src/graphql/analyst/spec.js';
import { buildHubSchema } from '../src/graphql/build-schema.js';
import { EntityGate } from '../src/graphql/entity-gate.js';
import { HubError } from '../src/graphql/errors.js';
import { Policy } from '../src/policy/policy.js';
import { migratedTestDatabase } from './support/db.js';
import { planSession } from './support/plan-session.js';

const db = migratedTestDatabase();
/** Sorting priced out: a plan that still sorts has no index to read the order from. */
const { explain } = planSession(db, ['enable_sort']);

it('reads every connection in every order it offers from an index, for every key that may read it', async () => {
  const schema = await buildHubSchema();
  const demo = loadConfigFile(DEMO_CONFIG_PATH);
  const policy = new Policy(demo.policy!);
  const connections = allSpecs().filter((s) => s.connection);
  expect(connections.length).toBeGreaterThanOrEqual(9);
  const sorted: string[] = [];
  let planned = 0;
  for (const key of demo.auth!.apiKeys!) {
    const gate = new EntityGate({ id: key.id, kind: 'api-key', department: key.department, division: key.division ?? null }, policy);
    for (const spec of connections) {
      const orders: (PageArgs['orderBy'] | null)[] = [null];
      for (const field of Object.keys(inputsOf(spec).orderFields)) orders.push([{ field, direction: 'ASC' }], [{ field, direction: 'DESC' }]);
      for (const orderBy of orders) {
        for (const size of [{ first: 100 }, { last: 100 }]) {
          let page;
          try {
            page = pageOf(spec, { ...size, orderBy }, analystEnv(schema, gate, true));
          } catch (e) {
            // This key may not read the connection, or not order by that field: refused before any SQL.
            if (e instanceof HubError && e.extensions.code === 'FORBIDDEN') continue;
            throw e;
          }
          const { text, params } = page.rows.toText();
          const plan = await explain(text, params);
          const what = `${key.id}: ${spec.connection!.root}(${JSON.stringify({ ...size, orderBy })})`;
          if (plan.some((line) => /Sort/.test(line))) sorted.push(`${what}\n${plan.join('\n')}`);
          planned++;
        }
      }
    }
  }
  expect(sorted).toEqual([]);
  // Every connection's every order, for several keys: at least the analyst's own.
  const analystOrders = connections.reduce((n, s) => n + 2 * (1 + 2 * Object.keys(inputsOf(s).orderFields).length), 0);
  expect(planned).toBeGreaterThan(analystOrders);
}, 120_000);
