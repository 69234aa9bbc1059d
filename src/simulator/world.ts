/**
 * simulator/world
 *
 * A deterministic, consistent demo world: enterprises across Hefei, Wuhu and Chuzhou with
 * their legal representatives, parcels and lifecycle events, projects, units,
 * registrations and mortgages, e-licenses, credit records, loans and tax data — all with
 * valid national codes. Every entity is a pure function of (seed, index), so the world
 * streams at any size. Source quirks are added by each outlet, not here.
 */
import { mod11_10 } from '../domain/identifiers/index.js';
import { Rng } from './random.js';
import { bank, isoDate, isoTs, makeLicenseId, makeResidentId, makeUscc, marketBureau } from './world-codes.js';
import {
  CITIES, COURTS, ENTITY_TYPES, GIVEN, INDUSTRIES, LAND_USES, NAME_WORDS, PENALTY_CATEGORIES, STREETS, SURNAMES, TAX_ITEMS,
} from './vocabulary.js';

export { bank, isoDate, makeLicenseId, makeResidentId, makeUscc, marketBureau } from './world-codes.js';

export interface WorldOptions {
  /** @default 20261124 */
  readonly seed?: number;
  /** @default 2000 */
  readonly enterprises?: number;
  /** The world's "today". @default '2026-11-01' */
  readonly asOf?: string;
}

export interface WPerson { name: string; idNumber: string }
export interface WEnterprise {
  index: number; uscc: string; regNo: string | null;
  /** none: USCC only; legacy-only: known by 注册号 only; both: 注册号 row first, later a row with both */
  legacy: 'none' | 'legacy-only' | 'both';
  name: string; entityType: string; legalRep: WPerson; capital: number | null; establishedOn: string;
  status: '存续' | '在业' | '吊销' | '注销' | '迁出'; address: string; division: string; city: string; cityName: string;
  industryCode: string; authority: string; approvedOn: string; deregisteredOn: string | null;
}
export interface WParcel {
  index: number; parcelCode: string; division: string; location: string; areaM2: number; landUse: string; landUseName: string;
  rightType: '出让' | '划拨' | '集体'; updatedAt: string; owner: WEnterprise; stages: number;
}
export interface WParcelEvent {
  eventId: number; parcelCode: string; stage: string; docNo: string; date: string; enterpriseUscc: string | null;
  projectCode: string | null; documents: { kind: string; docNo: string }[];
}
export interface WHolder { name: string; idType: '统一社会信用代码' | '身份证'; idNumber: string; shareMode: string; share: string | null }
export interface WRegistration {
  ywh: string; unitCode: string; certificateNo: string; regType: string; registeredAt: string; usage: string; areaM2: number;
  holders: WHolder[]; mortgagee: { name: string; uscc: string; amount: number } | null; cancelsYwh: string | null;
}
export interface WLicense {
  licenseId: string; typeCode: string; typeName: string; holderName: string; holderIdType: 'USCC' | 'ID_CARD'; holderId: string;
  issuer: string; issuerUscc: string; issuedOn: string; validFrom: string; validTo: string | null; status: 'VALID' | 'REVOKED' | 'CANCELLED';
  updatedAt: string;
}
export interface WCredit {
  kind: 'LICENSING' | 'PENALTY' | 'DEFAULTER'; subjectName: string; uscc: string; docNo: string; category: string | null;
  content: string; fine: number | null; decidedOn: string; authority: string; authorityUscc: string; publicityUntil: string | null;
  court: string | null; listed: boolean;
}
export interface WLoan {
  borrowerUscc: string; borrowerName: string; lender: string; lenderCode: string; contractNo: string; disbursedOn: string;
  maturesOn: string; amount: number; loanType: '信用' | '抵押' | '保证'; firstLoan: boolean;
}
export interface WTax {
  taxpayer: { nsrsbh: string; nsrmc: string; djzt: '正常' | '非正常户' | '注销'; zgswjg: string; hyDm: string; updatedAt: string };
  ratings: { pdnd: number; xypj: string; updatedAt: string }[];
  arrears: { id: number; zsxm: string; qsje: number; qsrq: string; status: '未缴' | '已缴'; updatedAt: string }[];
  payments: { nd: number; yf: number; zsxm: string; sjje: number; updatedAt: string }[];
}

const STAGES = ['PLANNING', 'SITE_PREAPPROVAL', 'LAND_USE_APPROVAL', 'LAND_SUPPLY', 'PLANNING_PERMIT', 'CONSTRUCTION_PERMIT', 'COMPLETION_ACCEPTANCE', 'REGISTRATION'];
const STAGE_DOCS: Record<string, string[]> = {
  LAND_SUPPLY: ['出让合同'], PLANNING_PERMIT: ['建设用地规划许可证', '建设工程规划许可证'], CONSTRUCTION_PERMIT: ['施工许可证'],
  COMPLETION_ACCEPTANCE: ['宗地图'], REGISTRATION: ['权籍调查表', '宗地图'],
};
const MS_DAY = 86_400_000;


const LICENSE_TYPES = [
  { name: '营业执照', code: '11100000000013338W001' },
  { name: '食品经营许可证', code: '11100000000013338W027' },
  { name: '排污许可证', code: '11100000000013338W044' },
  { name: '安全生产许可证', code: '11100000000013338W050' },
] as const;

export class World {
  readonly seed: number;
  readonly size: number;
  readonly asOfMs: number;

  constructor(options: WorldOptions = {}) {
    this.seed = options.seed ?? 20261124;
    this.size = options.enterprises ?? 2000;
    this.asOfMs = Date.parse(`${options.asOf ?? '2026-11-01'}T00:00:00Z`);
  }

  rng(stream: string, index: number): Rng {
    return Rng.for(this.seed, stream, index);
  }

  person(stream: string, index: number, division: string): WPerson {
    const r = this.rng(`person:${stream}`, index);
    const birth = isoDate(Date.UTC(1958, 0, 1) + r.int(0, 38 * 365) * MS_DAY);
    return { name: r.pick(SURNAMES) + r.pick(GIVEN), idNumber: makeResidentId(division, birth, r.int(1, 999)) };
  }

  enterprise(index: number): WEnterprise {
    const r = this.rng('enterprise', index);
    const city = CITIES[index % CITIES.length]!;
    const division = r.pick(city.counties);
    const industry = r.pick(INDUSTRIES);
    const established = this.asOfMs - r.int(60, 25 * 365) * MS_DAY;
    const pre2015 = established < Date.UTC(2015, 9, 1);
    const regNo = pre2015 && r.chance(0.4) ? `${division}${String(100_000_000 + index).slice(-9)}` : null;
    const legacy = regNo ? (r.chance(0.7) ? 'both' : 'legacy-only') : 'none';
    const statusRoll = r.next();
    const status = statusRoll < 0.82 ? '存续' : statusRoll < 0.9 ? '在业' : statusRoll < 0.94 ? '吊销' : statusRoll < 0.99 ? '注销' : '迁出';
    const deregisteredOn = status === '注销' ? isoDate(established + r.int(200, Math.max(201, (this.asOfMs - established) / MS_DAY - 1)) * MS_DAY) : null;
    const approved = Math.min(this.asOfMs - MS_DAY, established + r.int(0, 2000) * MS_DAY);
    return {
      index, uscc: makeUscc('9', '1', division, index * 7919 + 12345), regNo, legacy,
      name: `${city.name}${r.pick(NAME_WORDS)}${r.pick(NAME_WORDS)}${industry.word}${industry.suffix}`,
      entityType: r.pick(ENTITY_TYPES), legalRep: this.person('legal-rep', index, division),
      capital: r.chance(0.05) ? null : r.int(10, 20000), establishedOn: isoDate(established), status,
      address: `安徽省${city.name}市${r.pick(STREETS)}${r.int(1, 999)}号`, division, city: city.code, cityName: city.name,
      industryCode: industry.code, authority: marketBureau(city.code).name, approvedOn: isoDate(approved), deregisteredOn,
    };
  }

  *enterprises(): Generator<WEnterprise> {
    for (let i = 0; i < this.size; i++) yield this.enterprise(i);
  }

  parcels(e: WEnterprise): WParcel[] {
    const r = this.rng('parcels', e.index);
    const count = e.industryCode.startsWith('C') ? r.int(1, 2) : r.int(0, 1);
    const out: WParcel[] = [];
    for (let j = 0; j < count; j++) {
      const p = e.index * 3 + j;
      const zone = String(1 + (Math.floor(p / 100_000) % 999)).padStart(3, '0');
      const subzone = String(1 + (p % 30)).padStart(3, '0');
      const [landUse, landUseName] = r.pick(LAND_USES);
      out.push({
        index: p, parcelCode: `${e.division}${zone}${subzone}GB${String(p % 100_000).padStart(5, '0')}`, division: e.division,
        location: `${e.cityName}市${r.pick(STREETS)}以${r.pick(['东', '西', '南', '北'])}地块`, areaM2: r.int(2000, 120000) + r.int(0, 99) / 100,
        landUse, landUseName, rightType: r.chance(0.85) ? '出让' : '划拨',
        updatedAt: isoTs(this.asOfMs - r.int(1, 700) * MS_DAY - r.int(0, 86_399) * 1000), owner: e, stages: r.int(1, 8),
      });
    }
    return out;
  }

  projectCode(parcel: WParcel): string {
    const r = this.rng('project', parcel.index);
    const year = 2016 + r.int(0, 10);
    if (year <= 2019) return `${year}-${parcel.division}-${r.pick(['13', '30', '36', '47'])}-${r.pick(['01', '02', '03'])}-${r.digits(6)}`;
    const head = `${String(year).slice(2)}${String(r.int(1, 12)).padStart(2, '0')}`;
    const body = `${head}${parcel.division}${r.pick(['04', '89'])}${r.pick(['01', '05'])}${r.digits(5)}`;
    return `${head}-${parcel.division}-${body.slice(10, 12)}-${body.slice(12, 14)}-${body.slice(14)}${mod11_10(body)}`;
  }

  events(parcel: WParcel): WParcelEvent[] {
    const r = this.rng('events', parcel.index);
    const project = this.projectCode(parcel);
    let day = this.asOfMs - r.int(400, 2000) * MS_DAY;
    return STAGES.slice(0, parcel.stages).map((stage, s) => {
      day += r.int(10, 120) * MS_DAY;
      const docNo = `${parcel.division}-${stage.slice(0, 3)}-${parcel.index}-${s}`;
      return {
        eventId: parcel.index * 8 + s + 1, parcelCode: parcel.parcelCode, stage, docNo, date: isoDate(Math.min(day, this.asOfMs)),
        enterpriseUscc: s >= 3 ? parcel.owner.uscc : null, projectCode: s >= 1 ? project : null,
        documents: (STAGE_DOCS[stage] ?? []).map((kind, k) => ({ kind, docNo: `${docNo}-${k + 1}` })),
      };
    });
  }

  units(parcel: WParcel): string[] {
    if (parcel.stages < 4) return [];
    if (parcel.stages < 7) return [`${parcel.parcelCode}W00000000`];
    const r = this.rng('units', parcel.index);
    return Array.from({ length: r.int(1, 4) }, (_, k) => `${parcel.parcelCode}F${String(k + 1).padStart(4, '0')}0001`);
  }

  registrations(parcel: WParcel): WRegistration[] {
    const out: WRegistration[] = [];
    const e = parcel.owner;
    for (const [u, unitCode] of this.units(parcel).entries()) {
      const r = this.rng('registrations', parcel.index * 8 + u);
      const at = this.asOfMs - r.int(30, 900) * MS_DAY;
      const base = `${isoDate(at).replace(/-/g, '')}${String(parcel.index * 8 + u).padStart(5, '0')}`;
      const holders: WHolder[] = [{ name: e.name, idType: '统一社会信用代码', idNumber: e.uscc, shareMode: '单独所有', share: null }];
      if (r.chance(0.1)) {
        // Often the boss co-owns: the same person the market registry names as legal representative.
        const p = r.chance(0.5) ? e.legalRep : this.person('co-owner', parcel.index * 8 + u, e.division);
        holders[0] = { ...holders[0]!, shareMode: '按份共有', share: '60%' };
        holders.push({ name: p.name, idType: '身份证', idNumber: p.idNumber, shareMode: '按份共有', share: '40%' });
      }
      const usage = unitCode.includes('W00000000') ? '工业' : r.pick(['工业', '商业', '住宅']);
      const area = r.int(200, 9000) + r.int(0, 99) / 100;
      const year = isoDate(at).slice(0, 4);
      out.push({
        ywh: `${base}1`, unitCode, certificateNo: `皖(${year})${e.cityName}市不动产权第${String(r.int(1, 9_999_999)).padStart(7, '0')}号`,
        regType: '首次登记', registeredAt: isoTs(at), usage, areaM2: area, holders, mortgagee: null, cancelsYwh: null,
      });
      if (r.chance(0.35)) {
        const b = bank(r.int(0, 5));
        const mAt = at + r.int(5, 200) * MS_DAY;
        out.push({
          ywh: `${base}2`, unitCode, certificateNo: `皖(${isoDate(mAt).slice(0, 4)})${e.cityName}市不动产证明第${String(r.int(1, 9_999_999)).padStart(7, '0')}号`,
          regType: '抵押登记', registeredAt: isoTs(mAt), usage, areaM2: area, holders: holders.slice(0, 1),
          mortgagee: { name: b.name, uscc: b.uscc, amount: r.int(100, 5000) }, cancelsYwh: null,
        });
        if (r.chance(0.25)) {
          out.push({
            ywh: `${base}3`, unitCode, certificateNo: '', regType: '注销登记', registeredAt: isoTs(mAt + r.int(30, 300) * MS_DAY), usage,
            areaM2: area, holders: holders.slice(0, 1), mortgagee: null, cancelsYwh: `${base}2`,
          });
        }
      }
    }
    return out;
  }

  licenses(e: WEnterprise): WLicense[] {
    const r = this.rng('licenses', e.index);
    const bureau = marketBureau(e.city);
    const out: WLicense[] = [];
    const types = [LICENSE_TYPES[0], ...LICENSE_TYPES.slice(1).filter(() => r.chance(0.25))];
    for (const [k, t] of types.entries()) {
      const issued = Math.max(Date.parse(`${e.establishedOn}T00:00:00Z`), this.asOfMs - r.int(10, 3000) * MS_DAY);
      const validTo = t.name === '营业执照' ? null : isoDate(issued + r.int(365 * 3, 365 * 5) * MS_DAY);
      const serial = `${e.city}${String(e.index).padStart(8, '0')}${k}`;
      out.push({
        licenseId: makeLicenseId(t.code, bureau.uscc, serial), typeCode: t.code, typeName: t.name, holderName: e.name, holderIdType: 'USCC',
        holderId: e.uscc, issuer: bureau.name, issuerUscc: bureau.uscc, issuedOn: isoDate(issued), validFrom: isoDate(issued), validTo,
        status: e.status === '注销' ? 'CANCELLED' : e.status === '吊销' ? 'REVOKED' : 'VALID',
        updatedAt: isoTs(issued + r.int(0, 30) * MS_DAY),
      });
    }
    return out;
  }

  credit(e: WEnterprise): WCredit[] {
    const r = this.rng('credit', e.index);
    const bureau = marketBureau(e.city);
    const out: WCredit[] = [];
    const decided = () => isoDate(this.asOfMs - r.int(10, 1000) * MS_DAY);
    if (r.chance(0.2)) {
      out.push({ kind: 'LICENSING', subjectName: e.name, uscc: e.uscc, docNo: `${e.cityName}市监许〔${2020 + r.int(0, 6)}〕${e.index}号`, category: null, content: '食品经营许可', fine: null, decidedOn: decided(), authority: bureau.name, authorityUscc: bureau.uscc, publicityUntil: null, court: null, listed: true });
    }
    if (r.chance(0.06)) {
      const d = decided();
      out.push({ kind: 'PENALTY', subjectName: e.name, uscc: e.uscc, docNo: `${e.cityName}市监罚〔${d.slice(0, 4)}〕${e.index}号`, category: r.pick(PENALTY_CATEGORIES), content: '违反《中华人民共和国广告法》', fine: r.int(1, 50), decidedOn: d, authority: bureau.name, authorityUscc: bureau.uscc, publicityUntil: isoDate(Date.parse(d) + 365 * MS_DAY), court: null, listed: true });
    }
    if (r.chance(0.015)) {
      const d = decided();
      out.push({ kind: 'DEFAULTER', subjectName: e.name, uscc: e.uscc, docNo: `(${d.slice(0, 4)})皖01执${e.index}号`, category: null, content: '失信被执行人', fine: null, decidedOn: d, authority: COURTS[e.city as keyof typeof COURTS], authorityUscc: '', publicityUntil: null, court: COURTS[e.city as keyof typeof COURTS], listed: r.chance(0.8) });
    }
    return out;
  }

  loans(e: WEnterprise): WLoan[] {
    const r = this.rng('loans', e.index);
    if (!r.chance(0.45) || e.status === '注销') return [];
    return Array.from({ length: r.int(1, 2) }, (_, k) => {
      const b = bank(r.int(0, 5));
      const d = this.asOfMs - r.int(10, 1500) * MS_DAY;
      return {
        borrowerUscc: e.uscc, borrowerName: e.name, lender: b.name, lenderCode: b.uscc, contractNo: `JK${e.city}${String(e.index).padStart(7, '0')}${k}`,
        disbursedOn: isoDate(d), maturesOn: isoDate(d + r.int(180, 1800) * MS_DAY), amount: r.int(10, 3000),
        loanType: r.pick(['信用', '抵押', '保证'] as const), firstLoan: k === 0 && r.chance(0.5),
      };
    });
  }

  /**
   * Loans the banks' ledger adds after the first day (`day` ≥ 1 days after asOf): about one
   * in ten firms without a loan gets its first (是否首贷 = 是), disbursed that day — so the
   * demo's later credit file turns some no-loan firms into first-loan successes.
   */
  laterLoans(e: WEnterprise, day: number): WLoan[] {
    if (day < 1 || e.status === '注销' || e.legacy === 'legacy-only' || this.loans(e).length > 0) return [];
    const r = this.rng('first-loan', e.index);
    if (!r.chance(0.1)) return [];
    const b = bank(r.int(0, 5));
    const d = this.asOfMs + day * MS_DAY;
    return [{
      borrowerUscc: e.uscc, borrowerName: e.name, lender: b.name, lenderCode: b.uscc, contractNo: `SD${e.city}${String(e.index).padStart(7, '0')}`,
      disbursedOn: isoDate(d), maturesOn: isoDate(d + 365 * MS_DAY), amount: r.int(10, 300), loanType: '信用', firstLoan: true,
    }];
  }

  tax(e: WEnterprise): WTax {
    const r = this.rng('tax', e.index);
    const ts = (daysAgo: number) => isoTs(this.asOfMs - daysAgo * MS_DAY - r.int(0, 3) * 1000);
    const nsrsbh = e.uscc;
    const office = `国家税务总局${e.cityName}市${r.pick(['蜀山区', '包河区', '经济技术开发区', '高新技术产业开发区', '琅琊区', '镜湖区'])}税务局`;
    const ratings = [2023, 2024, 2025]
      .filter((y) => Number(e.establishedOn.slice(0, 4)) < y)
      .map((y) => ({ pdnd: y, xypj: r.chance(0.04) ? 'D' : r.pick(['A', 'A', 'B', 'B', 'B', 'M', 'C']), updatedAt: ts(r.int(200, 600)) }));
    const arrears = r.chance(0.04)
      ? [{ id: 700_000 + e.index, zsxm: r.pick(TAX_ITEMS), qsje: r.int(1000, 900_000) + r.int(0, 99) / 100, qsrq: isoDate(this.asOfMs - r.int(30, 400) * MS_DAY), status: r.chance(0.7) ? '未缴' as const : '已缴' as const, updatedAt: ts(r.int(1, 30)) }]
      : [];
    const payments: WTax['payments'] = [];
    if (e.status !== '注销') {
      const items = [TAX_ITEMS[0]!, ...(r.chance(0.5) ? [TAX_ITEMS[1]!] : [])];
      for (let m = 1; m <= 10; m++) {
        for (const zsxm of items) payments.push({ nd: 2026, yf: m, zsxm, sjje: r.int(500, 500_000) + r.int(0, 99) / 100, updatedAt: ts(310 - m * 30) });
      }
    }
    return {
      // The bureau sometimes holds an older or differently written name: the source-priority rule decides.
      taxpayer: { nsrsbh, nsrmc: r.chance(0.05) ? e.name.replace(/有限公司$/, '有限责任公司') : e.name, djzt: e.status === '注销' ? '注销' : r.chance(0.03) ? '非正常户' : '正常', zgswjg: office, hyDm: e.industryCode, updatedAt: ts(r.int(1, 700)) },
      ratings, arrears, payments,
    };
  }
}
