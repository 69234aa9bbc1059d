/**
 * 企业画像: every profile of a page of 100 enterprises equals the same facts computed here
 * from the stored records (another way round: the rows read and counted in JavaScript);
 * the page costs a bounded number of statements whatever it selects; each department sees
 * of a profile what it may see of the records behind it (denied facts refused, risk flags
 * and source statuses of a denied class absent).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditRecord, enterprise, landParcel, license, loan, taxArrears, taxPayment, taxRating, taxpayer } from '../../schema/index.js';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../../src/config.js';
import { startSettledHub, type TestHub } from '../support/hub.js';
import { bearer, DEMO_KEYS } from '../support/keys.js';

const demo = loadConfigFile(DEMO_CONFIG_PATH);
const TODAY = '2027-03-15';
let t: TestHub;

beforeAll(async () => {
  t = await startSettledHub({ config: { ...demo, demo: { enterprises: 150, seed: 20261124 } }, now: () => new Date(`${TODAY}T10:00:00+08:00`) });
}, 240_000);
afterAll(async () => t?.stop());

const PROFILE = `profile { ageYears registeredCapital capitalBand sizeClass industrySection statuses { source status standing } statusesAgree
  validLicenses expiringLicenses penaltiesRecent courtDefaulter taxRatings { year rating } taxRatingTrend arrearsOutstanding
  loanCount loanTotal hasFirstLoan parcelsHeld landAreaM2 taxPaidLast12Months riskFlags { code reason } }`;

async function page(key: string, fields = PROFILE) {
  const before = t.hub.database.counter.statements;
  const res = await t.gql(`{ enterprises(first: 100, filter: { uscc: { isNull: false } }) { edges { node { uscc ${fields} } } } }`, {}, { authorization: bearer(key) });
  return { res, statements: t.hub.database.counter.statements - before };
}

describe('the enterprise profile', () => {
  it('equals the facts counted from the stored records, for a page of 100 in a bounded number of statements', async () => {
    const { res, statements } = await page(DEMO_KEYS.admin);
    expect(res.body.errors).toBeUndefined();
    expect(statements).toBeLessThanOrEqual(3);
    const db = t.hub.database.db;
    const [es, lic, cr, lo, tp, tr, ta, pay, parcels] = await Promise.all([
      db.select().from(enterprise), db.select().from(license), db.select().from(creditRecord), db.select().from(loan), db.select().from(taxpayer),
      db.select().from(taxRating), db.select().from(taxArrears), db.select().from(taxPayment), t.hub.database.query<{ uscc: string; code: string; area: string }>(
        `select pe.enterprise_uscc as uscc, p.parcel_code as code, p.area_m2::text as area from parcel_event pe join land_parcel p using (parcel_code) where pe.enterprise_uscc is not null
         union select h.holder_uscc, p.parcel_code, p.area_m2::text from registration_holder h join registration r using (ywh) join land_parcel p on p.parcel_code = left(r.unit_code, 19) where h.holder_uscc is not null`),
    ]);
    void landParcel;
    const edges = res.body.data.enterprises.edges;
    expect(edges).toHaveLength(100);
    let flagged = 0;
    for (const { node } of edges) {
      const e = es.find((x) => x.uscc === node.uscc)!;
      const p = node.profile;
      const valid = lic.filter((l) => l.holderUscc === e.uscc && l.status === 'VALID' && (!l.validTo || l.validTo >= TODAY));
      expect(p.validLicenses, e.uscc!).toBe(valid.length);
      expect(p.expiringLicenses).toBe(valid.filter((l) => l.validTo && l.validTo <= '2027-06-13').length);
      expect(p.penaltiesRecent).toBe(cr.filter((c) => c.uscc === e.uscc && c.kind === 'PENALTY' && c.decidedOn! >= '2024-03-15').length);
      expect(p.courtDefaulter).toBe(cr.some((c) => c.uscc === e.uscc && c.kind === 'DEFAULTER' && !c.withdrawn));
      const loans = lo.filter((l) => l.borrowerUscc === e.uscc && !l.withdrawn);
      expect(p.loanCount).toBe(loans.length);
      expect(p.loanTotal).toBeCloseTo(loans.reduce((s, l) => s + Number(l.amount), 0), 4);
      expect(p.hasFirstLoan).toBe(loans.some((l) => l.firstLoan));
      expect(p.arrearsOutstanding).toBeCloseTo(ta.filter((a) => a.tin === e.uscc && a.status === '未缴').reduce((s, a) => s + Number(a.amount), 0), 2);
      // The last 12 months of 2027-03-15: 2026-04 to 2027-03.
      expect(p.taxPaidLast12Months).toBeCloseTo(pay.filter((x) => x.tin === e.uscc && x.year * 100 + x.month >= 202604).reduce((s, x) => s + Number(x.amount), 0), 2);
      const ratings = tr.filter((r) => r.tin === e.uscc).sort((a, b) => a.year - b.year);
      expect(p.taxRatings).toEqual(ratings.map((r) => ({ year: r.year, rating: r.rating })));
      const held = new Map(parcels.filter((x) => x.uscc === e.uscc).map((x) => [x.code, Number(x.area)]));
      expect(p.parcelsHeld).toBe(held.size);
      expect(p.landAreaM2).toBeCloseTo([...held.values()].reduce((s, a) => s + a, 0), 2);
      expect(p.registeredCapital).toBe(e.registeredCapital === null ? null : Number(e.registeredCapital));
      const taxStatus = tp.find((x) => x.tin === e.uscc)?.status;
      expect(p.statuses.find((s: any) => s.source === 'MARKET').status).toBe(e.status);
      expect(p.statuses.find((s: any) => s.source === 'TAX')?.status).toBe(taxStatus);
      const standings = new Set(p.statuses.map((s: any) => s.standing));
      expect(p.statusesAgree).toBe(standings.size <= 1);
      expect(p.riskFlags.some((f: any) => f.code === 'STATUS_DISAGREEMENT')).toBe(!p.statusesAgree);
      expect(p.riskFlags.some((f: any) => f.code === 'COURT_DEFAULTER')).toBe(p.courtDefaulter);
      expect(p.riskFlags.some((f: any) => f.code === 'TAX_ARREARS')).toBe(p.arrearsOutstanding > 0);
      if (p.riskFlags.length) flagged++;
      for (const f of p.riskFlags) expect(f.reason.length).toBeGreaterThan(5);
    }
    expect(flagged).toBeGreaterThan(0);
  });

  it('a smaller selection costs no more statements', async () => {
    const { res, statements } = await page(DEMO_KEYS.admin, 'profile { sizeClass }');
    expect(res.body.errors).toBeUndefined();
    expect(statements).toBeLessThanOrEqual(3);
  });

  it('each department sees what it may of the records behind it', async () => {
    // The market bureau reads no tax and no loans: those facts are refused, and no flag of theirs shows.
    const denied = await page(DEMO_KEYS.market, 'profile { loanCount }');
    expect(denied.res.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'FIELD_DENIED' });
    const market = await page(DEMO_KEYS.market, 'profile { sizeClass validLicenses courtDefaulter statuses { source status } riskFlags { code } }');
    expect(market.res.body.errors).toBeUndefined();
    const flags = market.res.body.data.enterprises.edges.flatMap((e: any) => e.node.profile.riskFlags.map((f: any) => f.code));
    for (const code of ['TAX_ARREARS', 'TAX_RATING_D', 'ABNORMAL_TAX_STATUS', 'STATUS_DISAGREEMENT']) expect(flags).not.toContain(code);
    const sources = new Set(market.res.body.data.enterprises.edges.flatMap((e: any) => e.node.profile.statuses.map((s: any) => s.source)));
    expect(sources.has('TAX')).toBe(false);
    expect(sources.has('MARKET')).toBe(true);
    // The tax bureau sees its own facts and the tax flags.
    const tax = await page(DEMO_KEYS.tax, 'profile { taxPaidLast12Months riskFlags { code } }');
    expect(tax.res.body.errors).toBeUndefined();
    // A district office's page holds its own county only, profiles included.
    const shushan = await page(DEMO_KEYS.marketShushan, 'divisionCode profile { sizeClass }');
    expect(shushan.res.body.data.enterprises.edges.every((e: any) => e.node.divisionCode === '340104')).toBe(true);
  });
});
