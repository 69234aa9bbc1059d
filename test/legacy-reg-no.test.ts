/**
 * Old 注册号 records through the enterprise writer: a 注册号-only record is kept under its
 * 注册号; a later record naming the 注册号 and a USCC moves it onto the USCC (row and
 * registration events); a 注册号-only record for an enterprise already under its USCC
 * leaves that row alone, and its event joins the enterprise when the pair is next seen;
 * a 注册号 already mapped to another USCC is quarantined as REG_NO_CONFLICT. Run batch by
 * batch through the pipeline's own validate-and-commit steps.
 */
import { pino } from 'pino';
import { expect, it } from 'vitest';
import type { PullItem } from '../connectors/contract.js';
import type { EnterpriseInput } from '../src/domain/records.js';
import { ChangeSet } from '../src/ingest/changes.js';
import { PersonKeyring } from '../src/ingest/person-keyring.js';
import { emptySyncCounts } from '../src/ingest/counts.js';
import { commit, publish } from '../src/ingest/pipeline.js';
import { prepare } from '../src/ingest/prepare.js';
import type { Db } from '../src/db/client.js';
import { makeResidentId, makeUscc } from '../src/simulator/world.js';
import { migratedTestDatabase } from './support/db.js';

const db = migratedTestDatabase();
const source = { id: 'market-test', connector: 'market-registry', options: {} };
const A = makeUscc('9', '1', '340100', 11);
const B = makeUscc('9', '1', '340100', 12);
const REG_A = '340100000000011';
const REG_B = '340100000000012';
const C = makeUscc('9', '1', '340100', 13);
const REG_C = '340100000000013';

const record = (key: string, fields: Partial<EnterpriseInput>): PullItem => ({
  ok: true, sourceKey: key, raw: JSON.stringify(fields),
  input: {
    kind: 'enterprise', uscc: null, regNo: null, name: '合肥测试有限公司', entityType: '有限责任公司', legalRepName: null, legalRepIdType: null, legalRepIdNumber: null,
    registeredCapital: 100, establishedOn: '2010-05-04', status: '存续', address: null, divisionCode: '340100', industryCode: 'C13',
    registrationAuthority: '合肥市市场监督管理局', approvedOn: null, deregisteredOn: null, ...fields,
  } as EnterpriseInput,
});

async function batch(...items: PullItem[]) {
  const { database } = db.get();
  const counts = emptySyncCounts();
  const deps = { database, keyring: PersonKeyring.fromKey(Buffer.alloc(32, 3)), log: pino({ level: 'silent' }) };
  await database.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const changes = new ChangeSet();
    await commit(tx, deps, source.id, null, prepare(source, items, counts), new Date('2026-11-02T00:00:00Z'), counts, changes);
    await publish(tx, {}, changes, new Date('2026-11-02T00:00:00Z'), counts);
  });
  return counts;
}

const rows = () => db.get().database.query<{ uscc: string | null; reg_no: string | null; name: string }>('select uscc, reg_no, name from enterprise order by reg_no');
const events = () => db.get().database.query<{ uscc: string | null; reg_no: string | null; kind: string }>('select uscc, reg_no, kind from enterprise_event order by reg_no, kind');

it('keeps a 注册号-only record, moves it onto its USCC when a record names both, and refuses a 注册号 mapped elsewhere', async () => {
  await batch(record('r-a', { regNo: REG_A, name: '旧名甲' }));
  expect(await rows()).toEqual([{ uscc: null, reg_no: REG_A, name: '旧名甲' }]);
  expect(await events()).toEqual([{ uscc: null, reg_no: REG_A, kind: 'SETUP' }]);

  // The pair: the 注册号 row becomes the USCC row, and its event follows.
  await batch(record('u-a', { uscc: A, regNo: REG_A, name: '新名甲' }));
  expect(await rows()).toEqual([{ uscc: A, reg_no: REG_A, name: '新名甲' }]);
  expect((await events()).map((e) => e.uscc)).toEqual([A, A]);

  // A 注册号-only record for an enterprise already under its USCC: the row stays as it is; its event waits for the pair.
  await batch(record('r-a2', { regNo: REG_A, name: '更旧的名字', establishedOn: '2009-01-01' }));
  expect(await rows()).toEqual([{ uscc: A, reg_no: REG_A, name: '新名甲' }]);
  expect((await events()).filter((e) => e.uscc === null)).toHaveLength(1);
  await batch(record('u-a', { uscc: A, regNo: REG_A, name: '新名甲' }));
  expect((await events()).filter((e) => e.uscc === null)).toEqual([]);

  // A USCC row that exists already absorbs the 注册号-only row of the same enterprise.
  await batch(record('u-b', { uscc: B, name: '乙' }), record('r-b', { regNo: REG_B, name: '乙旧' }));
  expect((await rows()).filter((r) => r.reg_no === REG_B || r.uscc === B)).toEqual([{ uscc: null, reg_no: REG_B, name: '乙旧' }, { uscc: B, reg_no: null, name: '乙' }]);
  await batch(record('u-b', { uscc: B, regNo: REG_B, name: '乙' }));
  expect((await rows()).filter((r) => r.reg_no === REG_B || r.uscc === B)).toEqual([{ uscc: B, reg_no: REG_B, name: '乙' }]);
  expect((await events()).filter((e) => e.reg_no === REG_B || e.uscc === B).map((e) => e.uscc)).toEqual([B, B]);

  // The 注册号 of A named with another USCC: quarantined, not guessed — nothing of it is
  // written (its legal representative, its events), while the rest of its batch is.
  const rep = (n: number) => ({ legalRepName: `代表${n}`, legalRepIdType: '身份证', legalRepIdNumber: makeResidentId('340100', '19800101', n) });
  const counts = await batch(
    record('u-x', { uscc: B, regNo: REG_A, name: '冒名', establishedOn: '2001-01-01', ...rep(1) }),
    record('u-c', { uscc: C, regNo: REG_C, name: '丙', ...rep(2) }),
  );
  expect(counts).toMatchObject({ quarantined: 1, inserted: 1 });
  const [q] = await db.get().database.query<{ reason_code: string }>(`select reason_code from quarantine where source_key = 'u-x'`);
  expect(q?.reason_code).toBe('REG_NO_CONFLICT');
  expect((await rows()).find((r) => r.reg_no === REG_A)?.uscc).toBe(A);
  expect((await rows()).find((r) => r.uscc === C)).toEqual({ uscc: C, reg_no: REG_C, name: '丙' });
  expect((await events()).filter((e) => e.uscc === C).map((e) => e.kind)).toEqual(['SETUP']);
  expect((await events()).filter((e) => e.uscc === B)).toHaveLength(2);
  const persons = await db.get().database.query<{ name: string }>('select name from person order by name');
  expect(persons.map((p) => p.name)).toEqual(['代表2']);
});
