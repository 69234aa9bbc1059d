/**
 * realestate/map
 *
 * One parsed Registration element → a canonical registration input (pinyin initials to
 * field names). Values stay as the file wrote them; ingest validates.
 */
import type { PullItem } from '../contract.js';
import type { XmlRegistration } from './parse.js';

export function mapRegistration(r: XmlRegistration, file: string, index: number): PullItem {
  const raw = JSON.stringify({ file, ...r });
  const f = r.fields;
  if (!r.ywh) {
    return { ok: false, recordKind: 'registration', sourceKey: `${file}#${index}`, raw, reasonCode: 'MISSING_FIELD', reason: `Registration ${index} in ${file} has no ywh attribute` };
  }
  return {
    ok: true,
    sourceKey: r.ywh,
    raw,
    input: {
      kind: 'registration', ywh: r.ywh, unitCode: f.BDCDYH, certificateNo: f.BDCQZH, regType: f.DJLX, registeredAt: f.DJSJ,
      usage: f.YT, areaM2: f.MJ,
      holders: r.holders.map((h) => ({ name: h.QLRMC, idType: h.ZJLX, idNumber: h.ZJH, shareMode: h.GYFS, share: h.QLBL })),
      mortgageeName: f.DYQR, mortgageeUscc: f.DYQRZJH, securedAmount: f.BDBZZQSE, cancelsYwh: r.cancelsYwh,
    },
  };
}
