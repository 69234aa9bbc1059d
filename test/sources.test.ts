/**
 * Source semantics through the real connectors: the e-license webhook (replay, concurrent
 * retries, reconciliation with pull by updatedAt; its refusals are battery G01–G05 in
 * security/webhooks.test), the real-estate drop (a re-sent batch
 * with other content reported, cancellations linked), and the credit full lists
 * (withdrawal detected, never deletion).
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditRecord, license, pushEvent, quarantine, sourceFile } from '../schema/index.js';
import { sign } from '../connectors/e-license/push.js';
import { writeCreditDay } from '../src/simulator/credit.outlet.js';
import { elicenseItems } from '../src/simulator/elicense.outlet.js';
import { startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;

beforeAll(async () => {
  t = await startTestHub({ enterprises: 400 });
  const runs = await t.hub.scheduler!.firstRound;
  for (const r of runs) expect(r.status, `${r.sourceId}: ${r.error}`).toBe('succeeded');
});
afterAll(async () => t?.stop());

describe('e-license webhook', () => {
  const secret = () => process.env.GOVGRAPH_SIM_ELICENSE_PUSH_SECRET!;
  const pushUrl = () => new URL('/sources/e-license/push', t.hub.url).href;
  const post = (body: string, headers: Record<string, string>) => fetch(pushUrl(), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signed = (body: string, ts = Math.floor(Date.now() / 1000)) => ({ 'x-timestamp': String(ts), 'x-signature': sign(secret(), String(ts), body) });

  it('stores a signed event before answering 2xx, treats a replay as done, and keeps the newer updatedAt', async () => {
    const l = elicenseItems(t.hub.simulator!.world)[0]!;
    const newer = { ...l, status: 'REVOKED', updatedAt: '2026-11-20T08:00:00+08:00' };
    const body = JSON.stringify({ eventId: 'evt-1', type: 'license.revoked', occurredAt: newer.updatedAt, license: newer });
    const first = await post(body, signed(body));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: 'stored', eventId: 'evt-1' });
    const [row] = await t.hub.database.db.select().from(license).where(eq(license.licenseId, l.licenseId));
    expect(row!.status).toBe('REVOKED');

    // The library retries (say, our 2xx was lost): same event, no second effect.
    const replay = await post(body, signed(body));
    expect(await replay.json()).toMatchObject({ status: 'duplicate' });
    expect(await t.hub.database.db.select().from(pushEvent).where(eq(pushEvent.eventId, 'evt-1'))).toHaveLength(1);

    // A pull that still carries the older version does not undo the push…
    const pulled = await t.hub.scheduler!.runNow('e-license');
    expect(pulled.status).toBe('succeeded');
    const [after] = await t.hub.database.db.select().from(license).where(eq(license.licenseId, l.licenseId));
    expect(after!.status).toBe('REVOKED');
    // …and neither does an older push.
    const older = JSON.stringify({ eventId: 'evt-0', type: 'license.updated', occurredAt: l.updatedAt, license: { ...l, status: 'VALID' } });
    expect((await post(older, signed(older))).status).toBe(200);
    const [still] = await t.hub.database.db.select().from(license).where(eq(license.licenseId, l.licenseId));
    expect(still!.status).toBe('REVOKED');
  });

  it('stores concurrent retries of one event exactly once', async () => {
    const l = elicenseItems(t.hub.simulator!.world)[1]!;
    const body = JSON.stringify({ eventId: 'evt-race', type: 'license.updated', occurredAt: l.updatedAt, license: { ...l, updatedAt: '2026-11-21T00:00:00Z' } });
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(body, signed(body)).then((r) => r.json() as Promise<{ status: string }>)));
    expect(answers.filter((a) => a.status === 'stored')).toHaveLength(1);
    expect(answers.filter((a) => a.status === 'duplicate')).toHaveLength(4);
  });
});

describe('real-estate drop', () => {
  it('reports a batch number re-sent with other content instead of merging it, and skips a file seen before', async () => {
    const dir = process.env.GOVGRAPH_SIM_REALESTATE_DIR!;
    const original = t.hub.simulator!.realestateFiles[0]!;
    const text = (await import('node:fs')).readFileSync(original, 'utf8');
    writeFileSync(join(dir, 'DJ_20261102_0001.xml'), text.replace(/<MJ>([\d.]+)<\/MJ>/, '<MJ>99999.00</MJ>'));
    copyFileSync(original, join(dir, 'DJ_20261103_0001.xml')); // same content, same batchNo, another name
    const run = await t.hub.scheduler!.runNow('realestate');
    expect(run.status).toBe('succeeded');
    const q = await t.hub.database.db.select().from(quarantine).where(eq(quarantine.reasonCode, 'BATCH_RESENT_DIFFERENT'));
    expect(q).toHaveLength(1);
    expect(q[0]!.reason).toContain('DJ_20261102_0001.xml');
    const files = await t.hub.database.db.select().from(sourceFile).where(eq(sourceFile.sourceId, 'realestate'));
    expect(files.find((f) => f.name === 'DJ_20261102_0001.xml')!.status).toBe('rejected');
    expect(run.counts.updated).toBe(0); // 99999.00 never landed
    const again = await t.hub.scheduler!.runNow('realestate');
    expect(again.counts.read).toBe(0);
  });

  it('links a cancellation to the registration it cancels, both ways', async () => {
    const { body } = await t.gql(`{ parcels(first: 100) { edges { node { registrations { ywh kind cancels { ywh kind } cancelledBy { ywh } mortgage { mortgageeName securedAmount mortgagee { uscc } } } } } } }`);
    const regs = body.data.parcels.edges.flatMap((e: any) => e.node.registrations);
    const cancellation = regs.find((r: any) => r.kind === '注销登记');
    expect(cancellation, 'the demo world has cancellations').toBeDefined();
    expect(cancellation.cancels.kind).toBe('抵押登记');
    const cancelled = regs.find((r: any) => r.ywh === cancellation.cancels.ywh);
    expect(cancelled.cancelledBy.map((x: any) => x.ywh)).toContain(cancellation.ywh);
    expect(cancelled.mortgage.securedAmount).toBeGreaterThan(0);
  });
});

describe('credit full lists', () => {
  it('marks records missing from a later day’s list withdrawn, keeps them, and lists them again if they return', async () => {
    const world = t.hub.simulator!.world;
    const creditDir = process.env.GOVGRAPH_SIM_CREDIT_DIR!;
    await writeCreditDay(world, creditDir, '20261102', { withdrawShare: 0.5 });
    const run = await t.hub.scheduler!.runNow('credit');
    expect(run.status).toBe('succeeded');
    expect(run.counts.withdrawn).toBeGreaterThan(0);
    const withdrawn = await t.hub.database.db.select().from(creditRecord).where(eq(creditRecord.withdrawnReason, 'MISSING_FROM_LIST'));
    expect(withdrawn.length).toBe(run.counts.withdrawn);
    expect(withdrawn.every((r) => r.withdrawn && r.withdrawnAt && r.kind !== 'LICENSING')).toBe(true);
    const uscc = withdrawn[0]!.uscc!;
    const shown = await t.gql('query($u: String!) { enterprise(uscc: $u) { all: creditRecords(includeWithdrawn: true) { docNo withdrawn } current: creditRecords { docNo } } }', { u: uscc });
    const e = shown.body.data.enterprise;
    expect(e.all.find((r: any) => r.docNo === withdrawn[0]!.docNo).withdrawn).toBe(true);
    expect(e.current.map((r: any) => r.docNo)).not.toContain(withdrawn[0]!.docNo);

    await writeCreditDay(world, creditDir, '20261103');
    const back = await t.hub.scheduler!.runNow('credit');
    expect(back.status).toBe('succeeded');
    const still = await t.hub.database.db.select().from(creditRecord).where(eq(creditRecord.withdrawnReason, 'MISSING_FROM_LIST'));
    expect(still).toHaveLength(0);
  });
});

describe('sources that disagree', () => {
  it('keeps the market registry’s name by the source-priority rule and shows the tax bureau’s other name beside it', async () => {
    const world = t.hub.simulator!.world;
    const e = [...world.enterprises()].find((x) => x.legacy === 'none' && world.tax(x).taxpayer.nsrmc !== x.name)!;
    expect(e, 'the demo world has a name the tax bureau writes differently').toBeDefined();
    const { body } = await t.gql('query($u: String!) { enterprise(uscc: $u) { name tax { name } nameBySource { sourceId connector value priority chosen } } }', { u: e.uscc });
    const ent = body.data.enterprise;
    expect(ent.name).toBe(e.name);
    expect(ent.tax.name).toBe(world.tax(e).taxpayer.nsrmc);
    const [first, ...rest] = ent.nameBySource;
    expect(first).toMatchObject({ connector: 'market-registry', value: e.name, priority: 0, chosen: true });
    expect(rest.find((v: any) => v.connector === 'tax')).toMatchObject({ value: world.tax(e).taxpayer.nsrmc, chosen: false, priority: 1 });
  });
});

describe('persons across sources', () => {
  it('links the market registry’s legal representative and the real-estate register’s co-owner by keyed hash', async () => {
    const world = t.hub.simulator!.world;
    let found: { idNumber: string; uscc: string; ywh: string } | undefined;
    for (const e of world.enterprises()) {
      if (e.legacy !== 'none') continue;
      for (const p of world.parcels(e)) {
        const r = world.registrations(p).find((x) => x.holders.some((h) => h.idNumber === e.legalRep.idNumber));
        if (r) found ??= { idNumber: e.legalRep.idNumber, uscc: e.uscc, ywh: r.ywh };
      }
    }
    expect(found, 'the demo world has a legal representative who co-owns a unit').toBeDefined();
    const { body } = await t.gql('query($id: String!) { person(idNumber: $id) { maskedId representedEnterprises { uscc } registrations { ywh holders { sharePct person { maskedId } } } provenance { sourceId } } }', { id: found!.idNumber });
    const p = body.data.person;
    expect(p.maskedId).toBe(`${found!.idNumber.slice(0, 6)}********${found!.idNumber.slice(14)}`);
    expect(p.representedEnterprises.map((x: any) => x.uscc)).toContain(found!.uscc);
    expect(p.registrations.map((x: any) => x.ywh)).toContain(found!.ywh);
    expect(JSON.stringify(body)).not.toContain(found!.idNumber);
  });
});
