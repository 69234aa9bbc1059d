/**
 * tax keyset: a bureau stamps a whole night's load with one `updated_at`, so the keyset's
 * tie-break is the view's key — numbers among them (month, year, arrears id). Every page
 * size, so page ends fall at every place in a tie, must read every row exactly once: a key
 * ordered as text (`10` before `9`) but compared as a number would skip rows or read them
 * again. Run against the views in the hub's own database (PGlite, or PostgreSQL with
 * DATABASE_URL), through the connector's own pull.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createConnectorContext } from '../../src/ingest/connector-context.js';
import { receiptLedger } from '../../src/ingest/receipts.js';
import { loadTaxExchange } from '../../src/simulator/tax.outlet.js';
import { World } from '../../src/simulator/world.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import type { Connector } from '../contract.js';
import { connectors } from '../registry.js';

const STAMP = '2026-11-30T16:00:00Z';
const TINS = ['91340100MA2N0000XX', '91340100MA2N0001XX'];
const YEARS = [2024, 2025, 2026];
/** Months 1–12: `10`, `11` and `12` sort before `2` as text. */
const MONTHS = Array.from({ length: 12 }, (_x, m) => m + 1);
const ITEMS = ['增值税', '企业所得税'];
/** Arrears ids whose text order differs from their numeric one. */
const ARREARS_IDS = [9, 10, 11, 99, 100, 101, 999_999, 1_000_000, 1_000_001, 2];

let tdb: TestDatabase;
let database: Database;
let expected: Record<string, string[]>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  database = await openDatabase({ url: tdb.url });
  await database.migrate();
  await loadTaxExchange(new World({ enterprises: 1, seed: 1 }), database);
  await database.exec('truncate tax_exchange.taxpayer_t, tax_exchange.credit_rating_t, tax_exchange.arrears_t, tax_exchange.payments_t');
  for (const tin of TINS) {
    await database.query(`insert into tax_exchange.taxpayer_t values ($1, '某公司', '正常', null, null, $2)`, [tin, STAMP]);
    for (const year of YEARS) await database.query(`insert into tax_exchange.credit_rating_t values ($1, $2, 'B', $3)`, [tin, year, STAMP]);
    for (const month of MONTHS) {
      for (const item of ITEMS) {
        await database.query(`insert into tax_exchange.payments_t values ($1, 2026, $2, $3, 1000, $4)`, [tin, month, item, STAMP]);
      }
    }
  }
  for (const id of ARREARS_IDS) await database.query(`insert into tax_exchange.arrears_t values ($1, $2, '增值税', 500, '2026-10-01', '未缴', $3)`, [id, TINS[0], STAMP]);
  expected = {
    taxpayer: TINS.map((t) => `taxpayer:${t}`),
    credit_rating: TINS.flatMap((t) => YEARS.map((y) => `credit_rating:${t}|${y}`)),
    arrears: ARREARS_IDS.map((id) => `arrears:${id}`),
    payments: TINS.flatMap((t) => MONTHS.flatMap((m) => ITEMS.map((i) => `payments:${t}|2026|${m}|${i}`))),
  };
});

afterAll(async () => {
  await database?.close();
  await tdb?.drop();
});

describe('tax keyset over rows sharing one updated_at', () => {
  it.each([1, 2, 3, 5, 7, 11, 13])('reads every row of every view exactly once at page size %i', async (pageSize) => {
    const connector = connectors.get('tax') as Connector<unknown>;
    const ctx = createConnectorContext({
      connector: 'tax', database, log: pino({ level: 'silent' }), signal: AbortSignal.timeout(60_000), databaseUrl: tdb.url, receipts: receiptLedger(database.db, 'tax-keyset'),
    });
    const read: string[] = [];
    for await (const batch of connector.pull(connector.configSchema.parse({ dsn: 'embedded', pageSize }), ctx, null)) {
      for (const item of batch.items) read.push(item.sourceKey ?? `(no key: ${item.raw})`);
    }
    const byView = (view: string) => read.filter((k) => k.startsWith(`${view}:`));
    for (const [view, keys] of Object.entries(expected)) {
      expect(byView(view).sort(), view).toEqual([...keys].sort());
    }
  });
});
