/**
 * bench/support/views-world
 *
 * What the reform views read beyond the analyst world (bench/support/analyst-world), by
 * set-based SQL: a tax registration per enterprise (one in 31 非正常户), monthly payments
 * for the last three months for nine in ten, arrears for one in 25, and an industrial or
 * other parcel with three lifecycle events for one in four. Arithmetic on the row number:
 * every run makes the same world.
 */
import type { Sql } from 'postgres';
import { fillAnalystWorld, usccOf } from './analyst-world.js';

/**
 * The whole province-scale world the read benchmarks share (`govgraph_bench_views_v<version>_<N>`):
 * the analyst world, then the views' rows with payments in the three months up to `today`;
 * no support policies.
 */
export async function fillProvinceWorld(db: Sql, n: number, today: string): Promise<void> {
  await fillAnalystWorld(db, n);
  const months = [0, 1, 2].map((k) => {
    const index = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - k;
    return { year: Math.floor(index / 12), month: (index % 12) + 1 };
  });
  await fillViewsWorld(db, n, months);
  await db`delete from support_policy_version`;
  await db`delete from support_policy`;
}

const uscc = usccOf('i');

export async function fillViewsWorld(db: Sql, n: number, months: readonly { year: number; month: number }[]): Promise<void> {
  const prov = `'bench', 'bench-' || i, now(), md5(i::text)`;
  await db.unsafe(`truncate taxpayer, tax_payment, tax_arrears, land_parcel, parcel_event`);
  await db.unsafe(`insert into taxpayer (tin, uscc, name, status, tax_office, industry_code, source_updated_at, source_id, source_key, fetched_at, content_hash)
    select ${uscc}, ${uscc}, '企业' || i, case when i % 31 = 0 then '非正常户' else '正常' end, '国家税务总局合肥市税务局', 'C3911', now(), ${prov}
    from generate_series(1, ${n}) i`);
  for (const m of months) {
    await db.unsafe(`insert into tax_payment (tin, year, month, tax_item, amount, source_updated_at, source_id, source_key, fetched_at, content_hash)
      select ${uscc}, ${m.year}, ${m.month}, '增值税', (500 + (i::bigint * 7919) % 500000)::numeric, now(), 'bench', 'p-' || i || '-' || ${m.month}, now(), md5(i::text)
      from generate_series(1, ${n}) i where i % 10 <> 0`);
  }
  await db.unsafe(`insert into tax_arrears (id, tin, tax_item, amount, since, status, source_updated_at, source_id, source_key, fetched_at, content_hash)
    select i, ${uscc}, '增值税', (1000 + i % 90000)::numeric, date '2025-06-01', case when i % 2 = 0 then '未缴' else '已缴' end, now(), ${prov}
    from generate_series(1, ${n}) i where i % 25 = 0`);
  await db.unsafe(`insert into land_parcel (parcel_code, division_code, location, area_m2, land_use, land_use_name, right_type, ownership, source_updated_at, source_id, source_key, fetched_at, content_hash)
    select '340' || lpad((i / 4)::text, 16, '0'), (array['340102', '340103', '340104', '340111', '340121', '340122', '340123', '340124'])[1 + (i / 4) % 8], '某地块' || i, (2000 + i % 100000)::numeric, case when i % 8 = 0 then '0601' else '0701' end,
      case when i % 8 = 0 then '工业用地' else '城镇住宅用地' end, '出让', 'G', now(), ${prov}
    from generate_series(1, ${n}) i where i % 4 = 0`);
  await db.unsafe(`insert into parcel_event (event_id, parcel_code, stage, doc_no, occurred_on, enterprise_uscc, project_code, source_id, source_key, fetched_at, content_hash)
    select i * 8 + s, '340' || lpad((i / 4)::text, 16, '0'), (array['PLANNING', 'LAND_SUPPLY', 'CONSTRUCTION_PERMIT'])[s], 'D' || i || '-' || s,
      date '2022-01-01' + (s * 90 + i % 300), case when s > 1 then ${uscc} end, null, 'bench', 'e-' || i || '-' || s, now(), md5(i::text || s)
    from generate_series(1, ${n}) i, generate_series(1, 3) s where i % 4 = 0`);
}
