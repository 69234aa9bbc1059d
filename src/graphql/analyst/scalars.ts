/**
 * analyst/scalars
 *
 * The scalars and closed code lists filters take (beside `Date`, common/date.scalar):
 * `LandUseCode` (GB/T 21010: a 2-digit class or 4-digit subclass), and the enums whose
 * values are the codes as stored (登记状态, 纳税信用等级, credit record kinds, parcel
 * stages, license and taxpayer statuses, registration kinds).
 */
import { registerEnumType } from 'type-graphql';
import { stringScalar } from '../common/string-scalar.js';
import type { EnumKind } from './spec.js';

export const LandUseCode = stringScalar(
  'LandUseCode',
  '土地用途代码 (land-use code, GB/T 21010-2017): a 2-digit class ("06" 工矿仓储用地) or a 4-digit subclass ("0601" 工业用地).',
  (v) => /^\d{2}(\d{2})?$/.test(v), 'a GB/T 21010 code of 2 or 4 digits',
);

function closedList(name: string, description: string, values: Record<string, [string, string]>): EnumKind {
  const e = Object.fromEntries(Object.entries(values).map(([k, [code]]) => [k, code]));
  registerEnumType(e, { name, description, valuesConfig: Object.fromEntries(Object.entries(values).map(([k, [, d]]) => [k, { description: d }])) });
  return { enum: e, name };
}

export const EnterpriseStatus = closedList('EnterpriseStatus', '登记状态 (registration status), as the market registry records it (DJZT).', {
  SUBSISTING: ['存续', '存续 (subsisting)'], OPERATING: ['在业', '在业 (in business)'], REVOKED: ['吊销', '吊销 (license revoked)'],
  DEREGISTERED: ['注销', '注销 (deregistered)'], MOVED_OUT: ['迁出', '迁出 (moved out of the registry’s area)'],
});

export const TaxRatingGrade = closedList('TaxRatingGrade', '纳税信用等级 (tax credit rating, XYPJ): A best, then B, M, C, D worst.', {
  A: ['A', '纳税信用 A 级 (best)'], B: ['B', '纳税信用 B 级'], M: ['M', '纳税信用 M 级 (new or small taxpayer)'], C: ['C', '纳税信用 C 级'], D: ['D', '纳税信用 D 级 (dishonest taxpayer)'],
});

export const CreditKind = closedList('CreditKind', '信用记录类别 (credit record kind).', {
  LICENSING: ['LICENSING', '行政许可 (licensing decision, 双公示)'], PENALTY: ['PENALTY', '行政处罚 (administrative penalty, 双公示)'],
  DEFAULTER: ['DEFAULTER', '失信被执行人 (court defaulter)'],
});

export const ParcelStage = closedList('ParcelStage', '地块生命周期阶段 (a parcel’s lifecycle stage, 一码管地).', {
  PLANNING: ['PLANNING', '规划 (planning)'], SITE_PREAPPROVAL: ['SITE_PREAPPROVAL', '用地预审与选址 (site pre-approval)'],
  LAND_USE_APPROVAL: ['LAND_USE_APPROVAL', '农转用与征收 (land-use approval)'], LAND_SUPPLY: ['LAND_SUPPLY', '土地供应 (land supply)'],
  PLANNING_PERMIT: ['PLANNING_PERMIT', '规划许可 (planning permit)'], CONSTRUCTION_PERMIT: ['CONSTRUCTION_PERMIT', '施工许可 (construction permit)'],
  COMPLETION_ACCEPTANCE: ['COMPLETION_ACCEPTANCE', '竣工验收 (completion acceptance)'], REGISTRATION: ['REGISTRATION', '不动产登记 (registration)'],
});

export const LicenseStatus = closedList('LicenseStatus', '证照状态 (e-license status).', {
  VALID: ['VALID', '有效 (valid)'], REVOKED: ['REVOKED', '撤销 (revoked)'], CANCELLED: ['CANCELLED', '注销 (cancelled)'],
});

export const TaxpayerStatus = closedList('TaxpayerStatus', '纳税人状态 (taxpayer status).', {
  NORMAL: ['正常', '正常 (normal)'], ABNORMAL: ['非正常户', '非正常户 (abnormal: not reachable, not filing)'], DEREGISTERED: ['注销', '注销 (deregistered)'],
});

export const RegistrationKind = closedList('RegistrationKind', '登记类型 (real-estate registration kind).', {
  FIRST: ['首次登记', '首次登记 (first registration)'], TRANSFER: ['转移登记', '转移登记 (transfer)'], CHANGE: ['变更登记', '变更登记 (change)'],
  MORTGAGE: ['抵押登记', '抵押登记 (mortgage)'], CANCELLATION: ['注销登记', '注销登记 (cancellation)'],
});
