/**
 * An enterprise's latest tax rating is read from the rating key alone (migration 0020: the
 * key carries `rating`). Wherever the analyst compiler reads it — a filter on `taxRating`,
 * a grouping by TAX_RATING — the statement, planned on the migrated schema with every
 * other way of reading `tax_rating` priced out, reads it by an index-only scan: a key
 * without the rating would leave a table read per enterprise (P2 at a million enterprises
 * reads 30,948 ratings; on a cold cache a P2-shaped statement read for 5.2–5.4 s that way,
 * 2.9–3.2 s from the key alone). The merge's conflict target is the same key: the tax
 * source's ingest tests write through it.
 */
import 'reflect-metadata';
import { expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { analystEnv } from '../src/graphql/analyst/access.js';
import { pageOf } from '../src/graphql/analyst/page.js';
import { allSpecs } from '../src/graphql/analyst/spec.js';
import { statsSql } from '../src/graphql/analyst/stats.resolver.js';
import { buildHubSchema } from '../src/graphql/build-schema.js';
import { EntityGate } from '../src/graphql/entity-gate.js';
import { Policy } from '../src/policy/policy.js';
import { migratedTestDatabase } from './support/db.js';
import { planSession } from './support/plan-session.js';

const db = migratedTestDatabase();
/** Every other way of reading a table priced out: only an index-only scan stays cheap. */
const { explain } = planSession(db, ['enable_seqscan', 'enable_indexscan', 'enable_bitmapscan']);

it('reads the latest rating from the key alone, in a filter and in a grouping', async () => {
  const schema = await buildHubSchema();
  const demo = loadConfigFile(DEMO_CONFIG_PATH);
  const gate = new EntityGate({ id: 'analyst-demo', kind: 'api-key', department: 'analyst', division: null }, new Policy(demo.policy!));
  const env = analystEnv(schema, gate, true);
  const spec = allSpecs().find((s) => s.typeName === 'Enterprise')!;
  const statements = [
    pageOf(spec, { first: 100, filter: { taxRating: { rating: { eq: 'D' } } } }, env).rows.toText(),
    pageOf(spec, { first: 100, filter: { taxRating: { rating: { in: ['C', 'D'] } }, industryCode: { startsWith: 'C' } } }, env).rows.toText(),
    statsSql(spec, { groupBy: ['TAX_RATING'] }, new Map(), env).toText(),
  ];
  for (const { text, params } of statements) {
    const plan = (await explain(text, params)).join('\n');
    expect(plan, text).toMatch(/Index Only Scan( Backward)? using tax_rating_tin_year_pk on tax_rating/);
    expect(plan, text).not.toMatch(/(Seq Scan|Index Scan( Backward)?|Bitmap Heap Scan) (using \S+ )?on tax_rating/);
  }
});
