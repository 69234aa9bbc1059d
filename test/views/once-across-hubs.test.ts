/**
 * Membership and eligibility events are raised once, whatever the number of hubs: two
 * writers on one PostgreSQL (two pools, as two hubs hold) evaluate the same change at the
 * same moment — both see no alert yet, both append — and the log holds one NO_LOAN_LISTED,
 * one FIRST_LOAN_GRANTED and one POLICY_ELIGIBLE per (policy version, firm). PostgreSQL
 * only: PGlite has one connection.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { alert, enterprise, loan, supportPolicy, supportPolicyVersion, taxPayment, taxpayer } from '../../schema/index.js';
import { chinaToday, evaluateChanges } from '../../src/alerts/evaluate.js';
import { appendToLog } from '../../src/alerts/log.js';
import { loadRules } from '../../src/alerts/rule-store.js';
import { openDatabase, type Database, type Db } from '../../src/db/client.js';
import type { Change } from '../../src/ingest/changes.js';
import { defaultViewSettings } from '../../src/views/settings.js';
import { migratedTestDatabase } from '../support/db.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
const USCC = '91340100MA2NEW0001';
const TODAY = chinaToday(new Date());
const prov = { sourceId: 'test', sourceKey: 'k', fetchedAt: new Date(), contentHash: 'h' };
const db = migratedTestDatabase();
let second: Database;

beforeAll(async () => {
  if (!onPostgres) return;
  const { database, tdb } = db.get();
  second = await openDatabase({ url: tdb.url });
  await database.db.insert(enterprise).values({ uscc: USCC, name: '测试小微企业', status: '存续', registeredCapital: '50', industryCode: 'F5191', divisionCode: '340104', ...prov });
  await database.db.insert(taxpayer).values({ tin: USCC, uscc: USCC, name: '测试小微企业', status: '正常', sourceUpdatedAt: new Date(), ...prov });
  await database.db.insert(taxPayment).values({ tin: USCC, year: Number(TODAY.slice(0, 4)), month: Number(TODAY.slice(5, 7)), taxItem: '增值税', amount: '100', sourceUpdatedAt: new Date(), ...prov });
  await database.db.insert(supportPolicy).values({ id: 1, title: 't', issuer: 'i', currentVersion: 1, createdBy: 'test', updatedBy: 'test' });
  await database.db.insert(supportPolicyVersion).values({ policyId: 1, version: 1, criteria: {}, params: {}, compiled: ['"enterprise".status = ', { param: '存续' }], createdBy: 'test' });
});
afterAll(async () => second?.close());

const change = (c: Partial<Change> & Pick<Change, 'entityType' | 'entityKey' | 'new'>): Change => ({
  op: 'CREATED', fields: Object.keys(c.new), sourceId: 'test', enterpriseUscc: USCC, parcelCode: null, tin: null, old: null, ...c,
});

/** Both writers evaluate before either appends: the race two hubs run. */
async function raceTwoWriters(changes: Change[]): Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const bothEvaluated = new Promise<void>((r) => (release = r));
  const write = (database: Database) => database.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const drafts = await evaluateChanges(tx, await loadRules(tx), changes, TODAY, defaultViewSettings());
    if (++arrived === 2) release();
    await bothEvaluated;
    await appendToLog(tx, drafts, []);
  });
  await Promise.all([write(db.get().database), write(second)]);
}

const kinds = async () => (await db.get().database.db.select().from(alert)).map((a) => `${a.kind}:${a.dedupeKey}`).sort();

it.skipIf(!onPostgres)('raises NO_LOAN_LISTED, POLICY_ELIGIBLE and FIRST_LOAN_GRANTED once when two hubs evaluate the same change at once', async () => {
  await raceTwoWriters([change({ entityType: 'Enterprise', entityKey: USCC, new: { uscc: USCC, status: '存续' } })]);
  expect(await kinds()).toEqual([`NO_LOAN_LISTED:${USCC}`, `POLICY_ELIGIBLE:1:1:${USCC}`]);

  await db.get().database.db.insert(loan).values({
    borrowerUscc: USCC, borrowerName: '测试小微企业', lenderName: '徽商银行', lenderCode: 'B001', contractNo: 'C1', amount: '50', loanType: '信用', firstLoan: true, disbursedOn: TODAY, ...prov,
  });
  await raceTwoWriters([change({ entityType: 'Loan', entityKey: 'B001|C1', new: { borrower_uscc: USCC, first_loan: true, amount: '50', lender_name: '徽商银行', lender_code: 'B001', disbursed_on: TODAY, withdrawn: false } })]);
  expect(await kinds()).toEqual([`FIRST_LOAN_GRANTED:${USCC}`, `NO_LOAN_LISTED:${USCC}`, `POLICY_ELIGIBLE:1:1:${USCC}`]);
});
