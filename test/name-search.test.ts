/**
 * Name search reads the two-character index (analyst/bigrams, migration 0019) and never
 * loses a row to it. The hub's pieces of a text equal the database's `gg_bigrams` for
 * texts a register holds (rarer characters beyond the BMP, combining marks, spaces, the
 * LIKE wildcards); every piece of every such name, as a `contains` or `startsWith` the
 * way the hub compiles it, finds the name; and for every searchable field of every
 * connection, a search of two or more characters is planned on an index — with scans
 * priced out, a statement that did not name the bigram index would fall back to reading
 * every row — while a one-character search, which it cannot narrow, does not ask it.
 */
import 'reflect-metadata';
import { getTableColumns } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { analystEnv } from '../src/graphql/analyst/access.js';
import { bigramsOf } from '../src/graphql/analyst/bigrams.js';
import { operatorSql } from '../src/graphql/analyst/operators.js';
import { pageOf } from '../src/graphql/analyst/page.js';
import { allSpecs, type AnalystSpec } from '../src/graphql/analyst/spec.js';
import { buildHubSchema } from '../src/graphql/build-schema.js';
import { EntityGate } from '../src/graphql/entity-gate.js';
import { Policy } from '../src/policy/policy.js';
import { Sql } from '../src/db/sql-parts.js';
import { migratedTestDatabase } from './support/db.js';
import { planSession } from './support/plan-session.js';

const db = migratedTestDatabase();

/** The column of `spec`'s field `field`, as the plan names it. */
const columnOf = (spec: AnalystSpec, field: string) => getTableColumns(spec.table)[field]!.name;

const NAMES = [
  '合肥新材料科技有限公司', '𠮷野家（芜湖）餐饮管理有限公司', '安徽 省 a%b_c\\d 贸易', 'Café Résumé 咖啡', 'e\u0301e\u0301 组合', '👨‍👩‍👧 家庭农场',
  '科科科技技', 'AB', 'A', '', '\t换行\n名称 ', '100% 纯_净',
];

/** Scans priced out, so only an index can answer a search. */
const { explain } = planSession(db, ['enable_seqscan', 'enable_indexscan', 'enable_indexonlyscan']);

it('cuts a text into the pieces the database indexes, character by character', async () => {
  expect(bigramsOf('𠮷野家')).toEqual(['𠮷野', '野家']);
  expect(bigramsOf('科科科')).toEqual(['科科']);
  expect(bigramsOf('科')).toEqual([]);
  expect(bigramsOf('')).toEqual([]);
  const { database } = db.get();
  for (const name of NAMES) {
    const [row] = await database.query<{ pieces: string[] }>('select gg_bigrams($1::text) as pieces', [name]);
    expect(new Set(row!.pieces), JSON.stringify(name)).toEqual(new Set(bigramsOf(name)));
  }
});

it('finds every name by every piece of it, as the hub compiles the search', async () => {
  const { database } = db.get();
  let asked = 0;
  for (const name of NAMES) {
    const chars = [...name];
    for (let from = 0; from < chars.length; from++) {
      for (let len = 2; len <= 4 && from + len <= chars.length; len++) {
        const piece = chars.slice(from, from + len).join('');
        const ops = from === 0 ? { contains: piece, startsWith: piece } : { contains: piece };
        const where = Sql.join(operatorSql('text', 'n', ops, 'filter.name', () => {}, true), ' AND ');
        const query = Sql.of`SELECT n FROM unnest(${NAMES}::text[]) AS n WHERE ${where}`.toText();
        const rows = await database.query<{ n: string }>(query.text, query.params);
        expect(rows.map((r) => r.n), `${JSON.stringify(ops)} in ${JSON.stringify(name)}`).toContain(name);
        asked++;
      }
    }
  }
  expect(asked).toBeGreaterThan(150);
});

it('plans every searchable field’s search of two or more characters on its index, for every key that may search it', async () => {
  const schema = await buildHubSchema();
  const demo = loadConfigFile(DEMO_CONFIG_PATH);
  const policy = new Policy(demo.policy!);
  const searchable = allSpecs().filter((s) => s.connection && s.searchable?.length);
  expect(searchable.map((s) => s.typeName)).toContain('Enterprise');
  const unindexed: string[] = [];
  let planned = 0;
  for (const key of demo.auth!.apiKeys!) {
    const gate = new EntityGate({ id: key.id, kind: 'api-key', department: key.department, division: key.division ?? null }, policy);
    for (const spec of searchable) {
      for (const field of spec.searchable!) {
        for (const ops of [{ contains: '科技' }, { startsWith: '合肥' }, { contains: '新材料科技' }, { contains: '科' }]) {
          let page;
          try {
            page = pageOf(spec, { first: 100, filter: { [field]: ops } }, analystEnv(schema, gate, true));
          } catch {
            continue; // this key may not search the field: refused before any SQL (analyst-access tests)
          }
          const { text, params } = page.rows.toText();
          const plan = (await explain(text, params)).join('\n');
          const long = [...Object.values(ops)[0]!].length >= 2;
          const what = `${key.id}: ${spec.connection!.root}(filter: { ${field}: ${JSON.stringify(ops)} })`;
          // Two or more characters: the statement asks the bigram index, and for a key without a row
          // scope (whose division's index may come first) an index on the name narrows the plan (the
          // bigram index; a prefix may take a btree under the C collation). One: it does not ask the
          // bigram index, which would hand back every row it holds.
          const asks = new RegExp(`gg_bigrams\\([^)]*\\b${columnOf(spec, field)}\\b`).test(text);
          const narrowed = new RegExp(`(Index|Recheck) Cond: .*\\b(gg_bigrams\\()?${columnOf(spec, field)}\\b`).test(plan);
          if (asks !== long || (long && !key.division && !narrowed)) unindexed.push(`${what}\n${text}\n${plan}`);
          planned++;
        }
      }
    }
  }
  expect(unindexed).toEqual([]);
  expect(planned).toBeGreaterThanOrEqual(4);
}, 120_000);
