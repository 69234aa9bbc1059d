/**
 * Each alert rule on the changes it is meant for, and on the near misses it must ignore:
 * every kind raises on its positive case and stays quiet on the negatives (too old, too
 * small, already so before, withdrawn, another kind). On a real database, since the
 * deregistration rule reads the enterprise's licenses. The end-to-end path (ingest →
 * log → subscriber) is in alerts.test.ts.
 */
import { defaultViewSettings } from '../src/views/settings.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprise, license } from '../schema/index.js';
import { addDays, evaluateChanges, type AlertDraft } from '../src/alerts/evaluate.js';
import { DEFAULT_RULES, toRule, type Rule } from '../src/alerts/rules.js';
import { openDatabase, type Database, type Db } from '../src/db/client.js';
import type { Change } from '../src/ingest/changes.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

const TODAY = '2026-11-24';
const USCC = '91340100MA2N0PXY8Q';
let tdb: TestDatabase;
let database: Database;
const rules: Rule[] = DEFAULT_RULES.map((r, i) => toRule({ id: i + 1, kind: r.kind, name: r.name, params: r.params, enabled: true, scheduledThrough: null })!);

beforeAll(async () => {
  tdb = await createTestDatabase();
  database = await openDatabase({ url: tdb.url });
  await database.migrate();
});
afterAll(async () => {
  await database?.close();
  await tdb?.drop();
});

const change = (c: Partial<Change> & Pick<Change, 'entityType' | 'entityKey' | 'new'>): Change => ({
  op: 'CREATED', fields: Object.keys(c.new), sourceId: 'test', enterpriseUscc: USCC, parcelCode: null, tin: null, old: null, ...c,
});

const run = (changes: Change[]): Promise<AlertDraft[]> => evaluateChanges(database.db, rules, changes, TODAY, defaultViewSettings());
const kinds = (drafts: AlertDraft[]) => drafts.map((d) => `${d.kind}:${d.subjectKey}`);

describe('change-driven rules', () => {
  it('LICENSE_EXPIRING: a valid license due within 30 days; not one due later, already past, or revoked', async () => {
    const lic = (key: string, validTo: string, status = 'VALID', extra: Partial<Change> = {}) =>
      change({ entityType: 'License', entityKey: key, new: { status, valid_to: validTo, type_name: '食品经营许可证', holder_uscc: USCC }, ...extra });
    const drafts = await run([
      lic('L-due', addDays(TODAY, 30)), lic('L-later', addDays(TODAY, 31)), lic('L-past', addDays(TODAY, -1)), lic('L-revoked', addDays(TODAY, 5), 'REVOKED'),
      // An update that did not touch the dates or status raises nothing.
      lic('L-name', addDays(TODAY, 5), 'VALID', { op: 'UPDATED', fields: ['holder_name'], old: { status: 'VALID', valid_to: addDays(TODAY, 5) } }),
    ]);
    expect(kinds(drafts)).toEqual(['LICENSE_EXPIRING:L-due']);
    expect(drafts[0]).toMatchObject({ dedupeKey: `L-due:${addDays(TODAY, 30)}`, severity: 'WARNING', enterpriseUscc: USCC, factOn: addDays(TODAY, 30) });
  });

  it('ADMIN_PENALTY and COURT_DEFAULTER: new and recent only', async () => {
    const drafts = await run([
      change({ entityType: 'CreditRecord', entityKey: 'PENALTY|合市监罚〔2026〕1号', new: { decided_on: addDays(TODAY, -10), fine_amount: 3, withdrawn: false } }),
      change({ entityType: 'CreditRecord', entityKey: 'PENALTY|合市监罚〔2025〕2号', new: { decided_on: addDays(TODAY, -400), fine_amount: 3, withdrawn: false } }),
      change({ entityType: 'CreditRecord', entityKey: 'PENALTY|合市监罚〔2026〕3号', op: 'UPDATED', new: { decided_on: addDays(TODAY, -5), fine_amount: 9 }, old: { fine_amount: 3 } }),
      change({ entityType: 'CreditRecord', entityKey: 'DEFAULTER|(2026)皖0104执1号', new: { filed_on: addDays(TODAY, -20), published_on: addDays(TODAY, -15), withdrawn: false } }),
      change({ entityType: 'CreditRecord', entityKey: 'DEFAULTER|(2026)皖0104执2号', new: { filed_on: addDays(TODAY, -20), withdrawn: true } }),
      change({ entityType: 'CreditRecord', entityKey: 'LICENSING|许可1号', new: { decided_on: addDays(TODAY, -1) } }),
    ]);
    expect(kinds(drafts)).toEqual(['ADMIN_PENALTY:PENALTY|合市监罚〔2026〕1号', 'COURT_DEFAULTER:DEFAULTER|(2026)皖0104执1号']);
    expect(drafts[1]!.severity).toBe('CRITICAL');
  });

  it('TAX_ARREARS: new or turned unpaid; TAX_RATING_D: a fall to D in a recent year', async () => {
    const drafts = await run([
      change({ entityType: 'TaxArrears', entityKey: '1', tin: USCC, new: { status: '未缴', amount: 1200.5, since: '2026-09-01', tax_item: '增值税' } }),
      change({ entityType: 'TaxArrears', entityKey: '2', tin: USCC, op: 'UPDATED', fields: ['status'], new: { status: '未缴', amount: 10, since: '2026-09-01' }, old: { status: '已缴' } }),
      change({ entityType: 'TaxArrears', entityKey: '3', tin: USCC, op: 'UPDATED', fields: ['amount'], new: { status: '未缴', amount: 20 }, old: { status: '未缴' } }),
      change({ entityType: 'TaxArrears', entityKey: '4', tin: USCC, new: { status: '已缴', amount: 20 } }),
      change({ entityType: 'TaxRating', entityKey: `${USCC}|2025`, tin: USCC, op: 'UPDATED', fields: ['rating'], new: { rating: 'D' }, old: { rating: 'B' } }),
      change({ entityType: 'TaxRating', entityKey: `${USCC}|2024`, tin: USCC, op: 'UPDATED', fields: ['source_key'], new: { rating: 'D' }, old: { rating: 'D' } }),
      change({ entityType: 'TaxRating', entityKey: `${USCC}|2019`, tin: USCC, new: { rating: 'D' } }),
    ]);
    expect(kinds(drafts)).toEqual(['TAX_ARREARS:1', 'TAX_ARREARS:2', `TAX_RATING_D:${USCC}`]);
    expect(drafts[2]!.detail).toMatchObject({ year: 2025, previous: 'B' });
  });

  it('NEW_MORTGAGE: a new 抵押登记, not a transfer nor an old one', async () => {
    const reg = (ywh: string, kind: string, at: string) =>
      change({ entityType: 'Registration', entityKey: ywh, enterpriseUscc: null, parcelCode: '340104001001GB00001', new: { kind, registered_at: `${at}T10:00:00+08:00`, unit_code: '340104001001GB00001F00010001', secured_amount: 300 } });
    const drafts = await run([reg('Y1', '抵押登记', addDays(TODAY, -3)), reg('Y2', '转移登记', addDays(TODAY, -3)), reg('Y3', '抵押登记', addDays(TODAY, -300))]);
    expect(kinds(drafts)).toEqual(['NEW_MORTGAGE:Y1']);
    expect(drafts[0]).toMatchObject({ parcelCode: '340104001001GB00001', enterpriseUscc: null, severity: 'INFO' });
  });

  it('DEREGISTERED_WITH_VALID_LICENSES: reads the enterprise’s licenses in the same transaction', async () => {
    const prov = { sourceId: 't', sourceKey: 'k', fetchedAt: new Date(), contentHash: 'h', sourceUpdatedAt: new Date() };
    await database.db.insert(enterprise).values({ uscc: USCC, name: '测试企业', status: '注销', ...prov });
    await database.db.insert(license).values([
      { licenseId: 'LIC-A', typeCode: 'X', typeName: 'a', holderName: '测试企业', holderIdType: 'USCC', holderUscc: USCC, status: 'VALID', validTo: addDays(TODAY, 100), ...prov },
      { licenseId: 'LIC-B', typeCode: 'X', typeName: 'b', holderName: '测试企业', holderIdType: 'USCC', holderUscc: USCC, status: 'VALID', validTo: null, ...prov },
      { licenseId: 'LIC-C', typeCode: 'X', typeName: 'c', holderName: '测试企业', holderIdType: 'USCC', holderUscc: USCC, status: 'VALID', validTo: addDays(TODAY, -1), ...prov },
    ]);
    const deregistered = change({ entityType: 'Enterprise', entityKey: USCC, op: 'UPDATED', fields: ['status'], new: { status: '注销' }, old: { status: '存续' } });
    const drafts = await run([deregistered]);
    expect(kinds(drafts)).toEqual([`DEREGISTERED_WITH_VALID_LICENSES:${USCC}`]);
    expect(drafts[0]!.detail).toEqual({ licenseIds: ['LIC-A', 'LIC-B'], validLicenses: 2 });
    // Already deregistered before: the status change is not new.
    expect(await run([{ ...deregistered, old: { status: '注销' } }])).toEqual([]);
    // Disabled rules raise nothing.
    expect(await evaluateChanges(database.db as Db, rules.map((r) => ({ ...r, enabled: false })), [deregistered], TODAY, defaultViewSettings())).toEqual([]);
  });
});
