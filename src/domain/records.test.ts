/**
 * A person named by a resident ID card is linked whichever name the register gives the card
 * (身份证, 居民身份证, 中华人民共和国居民身份证 …): the legal representative of an enterprise
 * and the holder of a registration alike. Any other document type links no person. A
 * 登记状态 with the public system's explanation in brackets is the register's word; the tax
 * bureau's statuses and grades as its other systems write them are its own words.
 */
import { expect, it } from 'vitest';
import { World } from '../simulator/world.js';
import { isResidentIdType } from './normalise.js';
import { validateRecord, type EnterpriseInput, type RegistrationInput } from './records.js';

const world = new World({ enterprises: 3, seed: 11 });
const e = world.enterprise(1);
const CARD_NAMES = ['身份证', '居民身份证', '中华人民共和国居民身份证', ' 第二代居民身份证 ', '身份证号码'];
const OTHERS = ['护照', '港澳居民来往内地通行证', '统一社会信用代码', '身份', ''];

it('names the resident ID card in each way registers write it, and nothing else', () => {
  for (const t of CARD_NAMES) expect(isResidentIdType(t), t).toBe(true);
  for (const t of [...OTHERS, null]) expect(isResidentIdType(t), String(t)).toBe(false);
});

it('links the legal representative and a registration holder by any of those names', () => {
  const enterprise = (legalRepIdType: string): EnterpriseInput => ({
    kind: 'enterprise', uscc: e.uscc, regNo: null, name: e.name, entityType: null, legalRepName: e.legalRep.name, legalRepIdType,
    legalRepIdNumber: e.legalRep.idNumber, registeredCapital: null, establishedOn: null, status: '存续', address: null, divisionCode: e.division,
    industryCode: null, registrationAuthority: null, approvedOn: null, deregisteredOn: null,
  });
  const unit = `${world.parcels(e)[0]?.parcelCode ?? '340104001002GB00123'}F00010001`;
  const registration = (idType: string): RegistrationInput => ({
    kind: 'registration', ywh: 'Y-1', unitCode: unit, certificateNo: null, regType: '首次登记', registeredAt: null, usage: null, areaM2: null,
    holders: [{ name: e.legalRep.name, idType, idNumber: e.legalRep.idNumber, shareMode: '单独所有', share: null }],
    mortgageeName: null, mortgageeUscc: null, securedAmount: null, cancelsYwh: null,
  });
  const linked = (t: string) => {
    const a = validateRecord(enterprise(t));
    const b = validateRecord(registration(t));
    if (!a.ok || !b.ok) throw new Error(`${t}: ${a.ok ? '' : a.reason} ${b.ok ? '' : b.reason}`);
    return [(a.record as { legalRep: unknown }).legalRep !== null, (b.record as { holders: { person: unknown }[] }).holders[0]!.person !== null];
  };
  for (const t of CARD_NAMES) expect(linked(t), t).toEqual([true, true]);
  expect(linked('护照')).toEqual([false, false]);
});

it('takes an enterprise whose 登记状态 carries the public system’s explanation as that status', () => {
  const checked = validateRecord({
    kind: 'enterprise', uscc: e.uscc, regNo: null, name: e.name, entityType: null, legalRepName: null, legalRepIdType: null, legalRepIdNumber: null,
    registeredCapital: null, establishedOn: null, status: '存续（在营、开业、在册）', address: null, divisionCode: e.division,
    industryCode: null, registrationAuthority: null, approvedOn: null, deregisteredOn: null,
  });
  expect(checked.ok && (checked.record as { status: string }).status).toBe('存续');
});

it('takes the tax bureau’s words as its other systems write them (正常户, 非正常, A级, 已缴清), and refuses the rest', () => {
  const at = '2026-11-01T00:00:00Z';
  const value = (input: Parameters<typeof validateRecord>[0], field: string) => {
    const r = validateRecord(input);
    if (!r.ok) throw new Error(`${r.reasonCode}: ${r.reason}`);
    return (r.record as unknown as Record<string, unknown>)[field];
  };
  const taxpayer = (status: string) => value({ kind: 'taxpayer', tin: e.uscc, name: e.name, status, taxOffice: null, industryCode: null, updatedAt: at }, 'status');
  const rating = (grade: string) => value({ kind: 'tax-rating', tin: e.uscc, year: 2025, rating: grade, updatedAt: at }, 'rating');
  const arrears = (status: string) => value({ kind: 'tax-arrears', id: 1, tin: e.uscc, taxItem: '增值税', amount: '10', since: null, status, updatedAt: at }, 'status');
  expect(['正常', '正常户', '非正常', '非正常户', '注销户', '已注销'].map(taxpayer)).toEqual(['正常', '正常', '非正常户', '非正常户', '注销', '注销']);
  expect(['A', 'A级', 'b级', 'Ｍ级', 'D'].map(rating)).toEqual(['A', 'A', 'B', 'M', 'D']);
  expect(['未缴', '未缴纳', '欠缴', '已缴', '已缴清', '已缴纳'].map(arrears)).toEqual(['未缴', '未缴', '未缴', '已缴', '已缴', '已缴']);
  expect(() => taxpayer('停业')).toThrow(/^BAD_ENUM/);
  expect(() => rating('E级')).toThrow(/^BAD_ENUM/);
});
