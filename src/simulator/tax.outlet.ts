/**
 * simulator/tax.outlet
 *
 * The tax bureau's exchange schema: read-only views `tax_exchange.taxpayer`,
 * `credit_rating`, `arrears` and `payments` over the bureau's tables, in any PostgreSQL
 * (or the hub's embedded one). Many rows share one `updated_at`, and `lateCommit()` adds
 * rows stamped in the past, as a bureau transaction that commits late does.
 */
import type { World } from './world.js';

/** Anything that runs SQL: the hub's Database, or a postgres.js client wrapper. */
export interface SqlRunner {
  exec(sqlText: string): Promise<void>;
  query<T = Record<string, unknown>>(sqlText: string, params?: unknown[]): Promise<T[]>;
}

const DDL = `
create schema if not exists tax_exchange;
create table if not exists tax_exchange.taxpayer_t (nsrsbh text primary key, nsrmc text, djzt text, zgswjg text, hy_dm text, updated_at timestamptz not null);
create table if not exists tax_exchange.credit_rating_t (nsrsbh text, pdnd int, xypj text, updated_at timestamptz not null, primary key (nsrsbh, pdnd));
create table if not exists tax_exchange.arrears_t (id bigint primary key, nsrsbh text, zsxm text, qsje numeric, qsrq date, status text, updated_at timestamptz not null);
create table if not exists tax_exchange.payments_t (nsrsbh text, nd int, yf int, zsxm text, sjje numeric, updated_at timestamptz not null, primary key (nsrsbh, nd, yf, zsxm));
-- The bureau's exchange tables carry the index its (updated_at, key) export is read by.
create index if not exists taxpayer_t_keyset on tax_exchange.taxpayer_t (updated_at, nsrsbh);
create index if not exists credit_rating_t_keyset on tax_exchange.credit_rating_t (updated_at, nsrsbh, pdnd);
create index if not exists arrears_t_keyset on tax_exchange.arrears_t (updated_at, id);
create index if not exists payments_t_keyset on tax_exchange.payments_t (updated_at, nsrsbh, nd, yf, zsxm);
create or replace view tax_exchange.taxpayer as select nsrsbh, nsrmc, djzt, zgswjg, hy_dm, updated_at from tax_exchange.taxpayer_t;
create or replace view tax_exchange.credit_rating as select nsrsbh, pdnd, xypj, updated_at from tax_exchange.credit_rating_t;
create or replace view tax_exchange.arrears as select id, nsrsbh, zsxm, qsje, qsrq, status, updated_at from tax_exchange.arrears_t;
create or replace view tax_exchange.payments as select nsrsbh, nd, yf, zsxm, sjje, updated_at from tax_exchange.payments_t;
`;

/** Every array travels as text[] (both drivers serialise those alike) and is cast in SQL. */
const INSERTS = {
  taxpayer: `insert into tax_exchange.taxpayer_t select a, b, c, d, e, f::timestamptz from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as t(a, b, c, d, e, f) on conflict do nothing`,
  rating: `insert into tax_exchange.credit_rating_t select a, b::int, c, d::timestamptz from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as t(a, b, c, d) on conflict do nothing`,
  arrears: `insert into tax_exchange.arrears_t select a::bigint, b, c, d::numeric, e::date, f, g::timestamptz from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) as t(a, b, c, d, e, f, g) on conflict do nothing`,
  payments: `insert into tax_exchange.payments_t select a, b::int, c::int, d, e::numeric, f::timestamptz from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as t(a, b, c, d, e, f) on conflict do nothing`,
};

/** Creates the schema and loads the world's tax data, in chunks (bounded memory). */
export async function loadTaxExchange(world: World, db: SqlRunner, chunk = 2000): Promise<{ rows: number }> {
  await db.exec(DDL);
  let cols = emptyCols();
  let rows = 0;
  const flush = async () => {
    if (cols.tp[0]!.length) await db.query(INSERTS.taxpayer, cols.tp);
    if (cols.cr[0]!.length) await db.query(INSERTS.rating, cols.cr);
    if (cols.ar[0]!.length) await db.query(INSERTS.arrears, cols.ar);
    if (cols.pm[0]!.length) await db.query(INSERTS.payments, cols.pm);
    cols = emptyCols();
  };
  let n = 0;
  for (const e of world.enterprises()) {
    if (e.legacy === 'legacy-only') continue;
    const t = world.tax(e);
    push(cols.tp, [t.taxpayer.nsrsbh, t.taxpayer.nsrmc, t.taxpayer.djzt, t.taxpayer.zgswjg, t.taxpayer.hyDm, t.taxpayer.updatedAt]);
    for (const r of t.ratings) push(cols.cr, [t.taxpayer.nsrsbh, r.pdnd, r.xypj, r.updatedAt]);
    for (const a of t.arrears) push(cols.ar, [a.id, t.taxpayer.nsrsbh, a.zsxm, a.qsje, a.qsrq, a.status, a.updatedAt]);
    for (const p of t.payments) push(cols.pm, [t.taxpayer.nsrsbh, p.nd, p.yf, p.zsxm, p.sjje, p.updatedAt]);
    rows += 1 + t.ratings.length + t.arrears.length + t.payments.length;
    if (++n % chunk === 0) await flush();
  }
  await flush();
  return { rows };
}

/**
 * A bureau transaction that commits late: rows stamped `at` (in the past) appear now,
 * behind rows a connector may already have read.
 */
export async function lateCommit(db: SqlRunner, rows: { nsrsbh: string; zsxm: string; qsje: number; id: number }[], at: string): Promise<void> {
  await db.query(INSERTS.arrears, [
    rows.map((r) => String(r.id)), rows.map((r) => r.nsrsbh), rows.map((r) => r.zsxm), rows.map((r) => String(r.qsje)),
    rows.map(() => at.slice(0, 10)), rows.map(() => '未缴'), rows.map(() => at),
  ]);
}

function emptyCols() {
  return { tp: cols(6), cr: cols(4), ar: cols(7), pm: cols(6) };
}
function cols(n: number): unknown[][] {
  return Array.from({ length: n }, () => []);
}
function push(target: unknown[][], values: unknown[]) {
  values.forEach((v, i) => target[i]!.push(String(v)));
}
