/**
 * ingest/writers/enterprise.writer
 *
 * Enterprises, their legal representatives, and their registration events. Old 注册号
 * records are merged into the USCC record when a record names both; a 注册号 already
 * mapped to another USCC is a conflict for a person to resolve, never a guess. That check
 * reads the database, so it runs in the transaction: a batch holding a conflicting record
 * is planned again without it (rare), before any of its enterprise rows are written.
 */
import { isNull, sql } from 'drizzle-orm';
import { enterprise, enterpriseEvent } from '../../../schema/index.js';
import type { Enterprise } from '../../domain/records.js';
import { contentHash } from '../hash.js';
import { addCounts, emptyCounts, contentOf, lastByKey, type StagedRows } from '../upsert.js';
import { mergeTracked, stageTracked } from '../changes.js';
import { provenanceOf, type Accepted, type LateRejection, type PlanContext, type Writer, type WriteContext, type WriteResult } from './context.js';
import { planPersons, writePersons, type PersonsPlan } from './persons.js';
import { rowsOf } from '../../db/rows.js';

const keyOf = (e: Enterprise) => (e.uscc ? `U:${e.uscc}` : `R:${e.regNo}`);

interface EnterprisePlan {
  /** Every item, for the events; `items` holds the last of each enterprise. */
  readonly all: Accepted<Enterprise>[];
  readonly items: Accepted<Enterprise>[];
  readonly legalReps: PersonsPlan;
  readonly withUscc: StagedRows;
  /** Legacy-only records: a 注册号 already mapped to a USCC is the older view of that enterprise. */
  readonly legacy: StagedRows;
  readonly events: StagedRows;
}

function plan(ctx: PlanContext, all: Accepted<Enterprise>[], items = lastByKey(all, (i) => keyOf(i.record), contentOf)): EnterprisePlan {
  const legalReps = planPersons(ctx, items.filter((i) => i.record.legalRep).map((i) => ({ ref: i.record.legalRep!, sourceKey: i.sourceKey })));
  const row = (i: Accepted<Enterprise>) => {
    const e = i.record;
    return {
      uscc: e.uscc, regNo: e.regNo, name: e.name, entityType: e.entityType, legalRepName: e.legalRepName,
      legalRepIdType: e.legalRepIdType, legalRepPersonHash: e.legalRep ? legalReps.hashes.get(e.legalRep.idNumber)! : null,
      registeredCapital: e.registeredCapital, establishedOn: e.establishedOn, status: e.status, address: e.address,
      divisionCode: e.divisionCode, industryCode: e.industryCode, registrationAuthority: e.registrationAuthority,
      approvedOn: e.approvedOn, deregisteredOn: e.deregisteredOn, warnings: i.warnings.length ? [...i.warnings] : null, sourceUpdatedAt: e.asOf,
      // The row's hash covers the enterprise's values, not the feed event that carried them.
      ...provenanceOf(ctx, { sourceKey: i.sourceKey, contentHash: e.event ? contentHash({ ...e, event: null }) : i.contentHash }),
    };
  };
  return {
    all, items, legalReps,
    withUscc: stageTracked(enterprise, [enterprise.uscc], items.filter((i) => i.record.uscc).map(row), {
      override: { regNo: sql`coalesce(excluded.reg_no, ${enterprise.regNo})` },
      // An older view (a bulk file replayed after newer feed changes) never overwrites a newer one.
      updateWhere: sql`${enterprise.sourceUpdatedAt} is null or excluded.source_updated_at is null or ${enterprise.sourceUpdatedAt} <= excluded.source_updated_at`,
    }),
    legacy: stageTracked(enterprise, [enterprise.regNo], items.filter((i) => !i.record.uscc).map(row), { keep: ['uscc'], updateWhere: isNull(enterprise.uscc) }),
    // Every event counts, even when one batch holds several changes to one enterprise.
    events: stageTracked(enterpriseEvent, [enterpriseEvent.sourceId, enterpriseEvent.sourceKey], lastByKey(all.flatMap((i) => eventRows(ctx, i)), (r) => r.sourceKey), { keep: ['uscc', 'regNo'] }),
  };
}

async function write(ctx: WriteContext, planned: EnterprisePlan): Promise<WriteResult> {
  let p = planned;
  const counts = emptyCounts();
  const rejected: LateRejection[] = [];
  // A 注册号 already mapped to a different USCC: quarantine, do not guess.
  const pairs = p.items.filter((i) => i.record.uscc && i.record.regNo);
  if (pairs.length > 0) {
    const known = rowsOf<{ reg: string; owner: string | null; legacy: boolean }>(await ctx.tx.execute(sql`
      select p.reg, e.uscc as owner, (e.id is not null and e.uscc is null) or ev.found as legacy
      from unnest(${sql.param(pairs.map((p) => p.record.regNo!))}::text[]) as p(reg)
      left join ${enterprise} e on e.reg_no = p.reg
      cross join lateral (select exists (select 1 from ${enterpriseEvent} ev where ev.reg_no = p.reg and ev.uscc is null) as found) ev`));
    const owner = new Map(known.filter((k) => k.owner !== null).map((k) => [k.reg, k.owner!]));
    const clashing = new Set(pairs.filter((p) => owner.has(p.record.regNo!) && owner.get(p.record.regNo!) !== p.record.uscc));
    if (clashing.size > 0) {
      for (const item of clashing) rejected.push({ item, reasonCode: 'REG_NO_CONFLICT', reason: 'registration number is already mapped to a different USCC' });
      // Rare: the plan is made again without the refused records.
      p = plan(ctx, p.all.filter((i) => !clashing.has(i)), p.items.filter((i) => !clashing.has(i)));
    }
    // Only a 注册号 that has a row or an event of its own (no USCC yet) has anything to merge.
    const legacy = new Set(known.filter((k) => k.legacy).map((k) => k.reg));
    await mergeLegacyRows(ctx, p.items.filter((i) => i.record.uscc && legacy.has(i.record.regNo!)).map((i) => i.record));
  }
  await writePersons(ctx, p.legalReps);
  addCounts(counts, await mergeTracked(ctx, p.withUscc));
  addCounts(counts, await mergeTracked(ctx, p.legacy));
  await mergeTracked(ctx, p.events);
  return { ...counts, rejected };
}

export const writeEnterprises: Writer<Enterprise, EnterprisePlan> = { plan: (ctx, all) => plan(ctx, all), write };

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

/** A record's registration events: a change-feed event as sent, or setup/cancellation derived from a bulk row's dates. */
function eventRows(ctx: PlanContext, i: Accepted<Enterprise>): (typeof enterpriseEvent.$inferInsert)[] {
  const e = i.record;
  const base = { uscc: e.uscc, regNo: e.regNo, sourceId: ctx.sourceId, fetchedAt: ctx.fetchedAt };
  if (e.event) {
    const detail = { name: e.name, status: e.status, occurredAt: e.event.occurredAt.toISOString() };
    return [{ ...base, kind: e.event.kind, occurredOn: e.event.occurredAt.toISOString().slice(0, 10), seq: String(e.event.seq), detail, sourceKey: `seq:${e.event.seq}`, contentHash: contentHash([e.event, detail]) }];
  }
  const out: (typeof enterpriseEvent.$inferInsert)[] = [];
  if (e.establishedOn) {
    const detail = { name: e.name, registrationAuthority: e.registrationAuthority };
    out.push({ ...base, kind: 'SETUP', occurredOn: e.establishedOn, seq: null, detail, sourceKey: `${i.sourceKey}#SETUP`, contentHash: contentHash([e.establishedOn, detail]) });
  }
  if (e.deregisteredOn) {
    const detail = { status: e.status };
    out.push({ ...base, kind: 'CANCEL', occurredOn: e.deregisteredOn, seq: null, detail, sourceKey: `${i.sourceKey}#CANCEL`, contentHash: contentHash([e.deregisteredOn, detail]) });
  }
  return out;
}
