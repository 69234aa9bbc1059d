/**
 * bench/support/analyst-world
 *
 * A province-sized world for the analyst benchmark, written by set-based SQL into the
 * hub's own tables (migrated): N enterprises over 28 Anhui counties and 8 industries,
 * founded 2000–2026, with the demo world's proportions of tax ratings (three years for
 * four in five), e-licenses (three for every two), credit records (one for every five) and
 * loans (one for every three). Values are arithmetic on the row number (ratings a hash of
 * it), so every run makes the same world. Enterprise i's USCC is `bench_uscc(i)`: valid, both
 * check characters included, so every enterprise can be looked up by key.
 */
import type { Sql } from 'postgres';

const COUNTIES = [
  '340102', '340103', '340104', '340111', '340121', '340122', '340123', '340124', '340181', '340202', '340207', '340209', '340210', '340212',
  '340223', '340302', '340303', '340311', '340321', '340322', '341102', '341103', '341122', '341124', '341125', '341126', '341181', '341182',
];
const arr = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(', ')}]`;
/**
 * A number 0–65535 from `text`'s MD5: a pick that does not follow the row number's residues.
 * (A rating picked by `(7i + y) % 20` made every D-rated firm odd-numbered and every
 * penalised one even-numbered, so no firm had both and the page asking for both was empty.)
 */
const spread = (text: string) => `(get_byte(decode(md5(${text}), 'hex'), 0) * 256 + get_byte(decode(md5(${text}), 'hex'), 1))`;

/**
 * The world's version, in its databases' names (bench/support/measure): a world made by
 * an older fill is not reused. 3: every USCC valid (before, 29 of 10,000 passed the check,
 * so the read benchmark's Q1 looked up the same 29 keys over and over).
 */
export const WORLD_VERSION = 3;

/** Enterprise `i`'s USCC (SQL over a column or expression `i`). */
export const usccOf = (i: string) => `bench_uscc(${i})`;

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
/** USCC weights of positions 9–16 (identifiers/uscc); positions 1–8 are the fixed `91340000` (weighted sum 147), 17 weighs 28. */
const USCC_WEIGHTS = [20, 29, 25, 13, 8, 24, 10, 30];
const digit = (k: number) => `((i / ${10 ** (7 - k)}) % 10)`;
const weighted = (w: readonly number[]) => w.map((x, k) => `${digit(k)} * ${x}`).join(' + ');

const org = `(11 - (${weighted(ORG_WEIGHTS)}) % 11)`;

/**
 * `bench_uscc(i)`: `91340000`, i in eight digits, the GB 11714 check of those eight
 * (position 17) and the GB 32100 check (position 18). One expression of arithmetic, so
 * PostgreSQL inlines it; the read benchmark checks its keys with the hub's own validator.
 */
const BENCH_USCC = `create or replace function bench_uscc(i bigint) returns text language sql immutable parallel safe as $$
  select '91340000' || lpad(i::text, 8, '0') || case ${org} when 10 then 'X' when 11 then '0' else ${org}::text end
    || substr('0123456789ABCDEFGHJKLMNPQRTUWXY', (1 + (31 - (147 + ${weighted(USCC_WEIGHTS)} + 28 * case ${org} when 10 then 29 when 11 then 0 else ${org} end) % 31) % 31)::int, 1)
$$`;

export async function fillAnalystWorld(db: Sql, n: number): Promise<void> {
  const prov = `'bench', 'bench-' || i, now(), md5(i::text)`;
  await db.unsafe(BENCH_USCC);
  await db.unsafe(`truncate enterprise, tax_rating, license, credit_record, loan restart identity`);
  await db.unsafe(`insert into enterprise (uscc, name, entity_type, registered_capital, established_on, status, address, division_code, industry_code, registration_authority, approved_on,
      source_id, source_key, fetched_at, content_hash)
    select ${usccOf('i')},
      (${arr(['合肥', '芜湖', '蚌埠', '滁州'])})[1 + i % 4] || (${arr(['新材料科技', '电子科技', '汽车零部件', '贸易', '建设工程', '餐饮管理', '软件技术', '食品'])})[1 + (i / 7) % 8] || '有限公司' || i,
      '有限责任公司', (100 + (i::bigint * 7919) % 50000)::numeric, date '2000-01-01' + ((i::bigint * 104729) % 9600)::int,
      (${arr(['存续', '存续', '存续', '在业', '吊销', '注销', '迁出'])})[1 + (i::bigint * 31) % 7], '安徽省某地' || i,
      (${arr(COUNTIES)})[1 + (i::bigint * 13) % ${COUNTIES.length}],
      (${arr(['C3130', 'C3911', 'C3670', 'F5191', 'E4790', 'H6210', 'I6510', 'C1469'])})[1 + (i::bigint * 17) % 8],
      '市场监督管理局', date '2000-01-01' + ((i::bigint * 104729) % 9600)::int, ${prov}
    from generate_series(1, ${n}) i`);
  await db.unsafe(`insert into tax_rating (tin, year, rating, source_updated_at, source_id, source_key, fetched_at, content_hash)
    select ${usccOf('i')}, y, (${arr(['A', 'B', 'B', 'M', 'B', 'A', 'C', 'B', 'M', 'B', 'A', 'B', 'C', 'B', 'B', 'A', 'M', 'B', 'D', 'B'])})[1 + ${spread("i::text || '-' || y")} % 20], now(),
      'bench', 'r-' || i || '-' || y, now(), md5(i::text || y)
    from generate_series(1, ${n}) i, generate_series(2023, 2025) y where i % 5 <> 0`);
  await db.unsafe(`insert into license (license_id, type_code, type_name, holder_name, holder_id_type, holder_uscc, issuer, issued_on, valid_from, valid_to, status, source_updated_at,
      source_id, source_key, fetched_at, content_hash)
    select 'L' || lpad(i::text, 9, '0') || k, 'T0' || k, (${arr(['营业执照', '食品经营许可证', '排污许可证'])})[k], '企业' || i, 'USCC', ${usccOf('i')}, '合肥市市场监督管理局',
      date '2015-01-01' + ((i::bigint * 37) % 3000)::int, date '2015-01-01' + ((i::bigint * 37) % 3000)::int, date '2025-01-01' + ((i::bigint * 53) % 2000)::int,
      (${arr(['VALID', 'VALID', 'VALID', 'REVOKED', 'CANCELLED'])})[1 + (i + k) % 5], now(), 'bench', 'l-' || i || '-' || k, now(), md5(i::text || k)
    from generate_series(1, ${n}) i, generate_series(1, 2) k where k = 1 or i % 2 = 0`);
  await db.unsafe(`insert into credit_record (kind, doc_no, subject_name, uscc, category, fine_amount, decided_on, authority, source_id, source_key, fetched_at, content_hash)
    select case when i % 2 = 0 then 'PENALTY' else 'LICENSING' end, 'DOC' || i, '企业' || i, ${usccOf('i')}, '罚款', (i % 50) * 1000,
      date '2022-01-01' + ((i::bigint * 29) % 1700)::int, '市场监督管理局', ${prov}
    from generate_series(1, ${n}) i where i % 5 = 1 or i % 5 = 2 and i % 2 = 0`);
  await db.unsafe(`insert into loan (borrower_uscc, borrower_name, lender_name, lender_code, contract_no, disbursed_on, matures_on, amount, loan_type, first_loan,
      source_id, source_key, fetched_at, content_hash)
    select ${usccOf('i')}, '企业' || i, (${arr(['徽商银行', '合肥科农行', '工商银行', '建设银行'])})[1 + i % 4], 'B00' || (1 + i % 4), 'HT' || i,
      date '2021-01-01' + ((i::bigint * 41) % 1800)::int, date '2027-01-01' + ((i::bigint * 41) % 900)::int, (10 + i % 490) * 10000, (${arr(['流动资金贷款', '固定资产贷款', '信用贷款'])})[1 + i % 3],
      i % 9 = 0, ${prov}
    from generate_series(1, ${n}) i where i % 3 = 0`);
}
