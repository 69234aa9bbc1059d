/**
 * ingest/writers/enterprise.writer
 *
 * Enterprises, their legal representatives, and their registration events. Old 注册号
 * records are merged into the USCC record when a record names both; a 注册号 already
 * mapped to another USCC is a conflict for a person to resolve, never a guess.
 */
import { isNull, sql } from 'drizzle-orm';
import { enterprise, enterpriseEvent } from '../../../schema/index.js';
import type { Enterprise } from '../../domain/records.js';
import { contentHash } from '../hash.js';
import { addCounts, emptyCounts, lastByKey } from '../upsert.js';
import { upsertTracked } from '../changes.js';
import { provenanceOf, type Accepted, type LateRejection, type Writer, type WriteContext } from './context.js';
import { upsertPersons } from './persons.js';
import { rowsOf } from '../../db/rows.js';

const keyOf = (e: Enterprise) => (e.uscc ? `U:${e.uscc}` : `R:${e.regNo}`);

export const writeEnterprises: Writer<Enterprise> = async (ctx, all) => {
  const counts = emptyCounts();
  const rejected: LateRejection[] = [];
  let items = lastByKey(all, (i) => keyOf(i.record));

  // A 注册号 already mapped to a different USCC: quarantine, do not guess.
  const pairs = items.filter((i) => i.record.uscc && i.record.regNo);
  if (pairs.length > 0) {
    const known = rowsOf<{ reg: string; owner: string | null; legacy: boolean }>(await ctx.tx.execute(sql`
      select p.reg, e.uscc as owner, (e.id is not null and e.uscc is null) or ev.found as legacy
      from unnest(${sql.param(pairs.map((p) => p.record.regNo!))}::text[]) as p(reg)
      left join ${enterprise} e on e.reg_no = p.reg
      cross join lateral (select exists (select 1 from ${enterpriseEvent} ev where ev.reg_no = p.reg and ev.uscc is null) as found) ev`));
    const owner = new Map(known.filter((k) => k.owner !== null).map((k) => [k.reg, k.owner!]));
    const clashing = new Set(pairs.filter((p) => owner.has(p.record.regNo!) && owner.get(p.record.regNo!) !== p.record.uscc));
    for (const item of clashing) {
      rejected.push({ item, reasonCode: 'REG_NO_CONFLICT', reason: 'registration number is already mapped to a different USCC' });
    }
    items = items.filter((i) => !clashing.has(i));
    // Only a 注册号 that has a row or an event of its own (no USCC yet) has anything to merge.
    const legacy = new Set(known.filter((k) => k.legacy).map((k) => k.reg));
    await mergeLegacyRows(ctx, items.filter((i) => i.record.uscc && legacy.has(i.record.regNo!)).map((i) => i.record));
  }

  const hashes = await upsertPersons(
    ctx,
    items.filter((i) => i.record.legalRep).map((i) => ({ ref: i.record.legalRep!, sourceKey: i.sourceKey })),
  );
  const row = (i: Accepted<Enterprise>) => {
    const e = i.record;
    return {
      uscc: e.uscc, regNo: e.regNo, name: e.name, entityType: e.entityType, legalRepName: e.legalRepName,
      legalRepIdType: e.legalRepIdType, legalRepPersonHash: e.legalRep ? hashes.get(e.legalRep.idNumber)! : null,
      registeredCapital: e.registeredCapital, establishedOn: e.establishedOn, status: e.status, address: e.address,
      divisionCode: e.divisionCode, industryCode: e.industryCode, registrationAuthority: e.registrationAuthority,
      approvedOn: e.approvedOn, deregisteredOn: e.deregisteredOn, warnings: i.warnings.length ? [...i.warnings] : null, sourceUpdatedAt: e.asOf,
      // The row's hash covers the enterprise's values, not the feed event that carried them.
      ...provenanceOf(ctx, { sourceKey: i.sourceKey, contentHash: e.event ? contentHash({ ...e, event: null }) : i.contentHash }),
    };
  };

  const withUscc = items.filter((i) => i.record.uscc);
  addCounts(
    counts,
    await upsertTracked(ctx, enterprise, [enterprise.uscc], withUscc.map(row), {
      override: { regNo: sql`coalesce(excluded.reg_no, ${enterprise.regNo})` },
      // An older view (a bulk file replayed after newer feed changes) never overwrites a newer one.
      updateWhere: sql`${enterprise.sourceUpdatedAt} is null or excluded.source_updated_at is null or ${enterprise.sourceUpdatedAt} <= excluded.source_updated_at`,
    }),
  );

  // Legacy-only records: a 注册号 already mapped to a USCC is the older view of that enterprise.
  const legacy = items.filter((i) => !i.record.uscc);
  if (legacy.length > 0) {
    const res = await upsertTracked(ctx, enterprise, [enterprise.regNo], legacy.map(row), {
      keep: ['uscc'],
      updateWhere: isNull(enterprise.uscc),
    });
    addCounts(counts, res);
  }
  // Every event counts, even when one batch holds several changes to one enterprise.
  const refused = new Set(rejected.map((r) => r.item));
  await writeRegistrationEvents(ctx, all.filter((i) => !refused.has(i)));
  return { ...counts, rejected };
};

/** Moves 注册号-only rows onto their USCC, or folds them into an existing USCC row. */
async function mergeLegacyRows(ctx: WriteContext, pairs: Enterprise[]): Promise<void> {
  if (pairs.length === 0) return;
  const usccs = pairs.map((p) => p.uscc!);
  const regs = pairs.map((p) => p.regNo!);
  const unnested = sql`unnest(${sql.param(usccs)}::text[], ${sql.param(regs)}::text[]) as p(uscc, reg)`;
  await ctx.tx.execute(sql`
    delete from ${enterprise} e using ${unnested}
    where e.uscc is null and e.reg_no = p.reg and exists (select 1 from ${enterprise} u where u.uscc = p.uscc)`);
  await ctx.tx.execute(sql`
    update ${enterprise} e set uscc = p.uscc from ${unnested}
    where e.uscc is null and e.reg_no = p.reg`);
  await ctx.tx.execute(sql`
    update ${enterpriseEvent} ev set uscc = p.uscc from ${unnested}
    where ev.uscc is null and ev.reg_no = p.reg`);
}

/** Change-feed events as sent, and setup/cancellation events derived from a bulk row's dates. */
async function writeRegistrationEvents(ctx: WriteContext, items: Accepted<Enterprise>[]): Promise<void> {
  const rows = items.flatMap((i): (typeof enterpriseEvent.$inferInsert)[] => {
    const e = i.record;
    const base = { uscc: e.uscc, regNo: e.regNo, sourceId: ctx.sourceId, fetchedAt: ctx.fetchedAt };
    const out: (typeof enterpriseEvent.$inferInsert)[] = [];
    if (e.event) {
      const detail = { name: e.name, status: e.status, occurredAt: e.event.occurredAt.toISOString() };
      out.push({ ...base, kind: e.event.kind, occurredOn: e.event.occurredAt.toISOString().slice(0, 10), seq: String(e.event.seq), detail, sourceKey: `seq:${e.event.seq}`, contentHash: contentHash([e.event, detail]) });
      return out;
    }
    if (e.establishedOn) {
      const detail = { name: e.name, registrationAuthority: e.registrationAuthority };
      out.push({ ...base, kind: 'SETUP', occurredOn: e.establishedOn, seq: null, detail, sourceKey: `${i.sourceKey}#SETUP`, contentHash: contentHash([e.establishedOn, detail]) });
    }
    if (e.deregisteredOn) {
      const detail = { status: e.status };
      out.push({ ...base, kind: 'CANCEL', occurredOn: e.deregisteredOn, seq: null, detail, sourceKey: `${i.sourceKey}#CANCEL`, contentHash: contentHash([e.deregisteredOn, detail]) });
    }
    return out;
  });
  await upsertTracked(ctx, enterpriseEvent, [enterpriseEvent.sourceId, enterpriseEvent.sourceKey], lastByKey(rows, (r) => r.sourceKey), { keep: ['uscc', 'regNo'] });
}
