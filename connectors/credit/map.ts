/**
 * credit/map
 *
 * Rows of the four daily lists → canonical credit-record and loan inputs.
 */
import type { PullItem } from '../contract.js';
import type { CsvRecord } from '../csv.js';

export const LISTS = [
  {
    file: 'xzxk.csv', kind: 'credit-record', recordKind: 'LICENSING',
    header: ['行政相对人名称', '统一社会信用代码', '决定文书号', '类别', '内容', '罚款金额(万元)', '决定日期', '决定机关', '决定机关统一社会信用代码', '公示截止期'],
  },
  {
    file: 'xzcf.csv', kind: 'credit-record', recordKind: 'PENALTY',
    header: ['行政相对人名称', '统一社会信用代码', '决定文书号', '类别', '内容', '罚款金额(万元)', '决定日期', '决定机关', '决定机关统一社会信用代码', '公示截止期'],
  },
  { file: 'sxbzxr.csv', kind: 'credit-record', recordKind: 'DEFAULTER', header: ['名称', '统一社会信用代码', '案号', '执行法院', '立案日期', '发布日期', '状态'] },
  {
    file: 'loans.csv', kind: 'loan', recordKind: undefined,
    header: ['借款主体统一社会信用代码', '借款主体名称', '贷款机构', '贷款机构代码', '合同编号', '放款日期', '到期日期', '金额(万元)', '贷款类型', '是否首贷'],
  },
] as const;

export type CreditList = (typeof LISTS)[number];

export function mapListRow(list: CreditList, rec: CsvRecord, where: string): PullItem {
  const f = rec.fields;
  const recordKind = list.kind === 'loan' ? 'loan' : 'credit-record';
  const key = list.kind === 'loan' ? `${f[3] ?? ''}|${f[4] ?? ''}` : `${list.recordKind}|${f[2] ?? ''}`;
  if (rec.ragged) {
    return { ok: false, recordKind, sourceKey: key, raw: rec.raw, reasonCode: 'CSV_RAGGED_ROW', reason: `row ${rec.row} of ${where} has ${rec.ragged.found} fields, expected ${rec.ragged.expected}` };
  }
  if (list.kind === 'loan') {
    return {
      ok: true, sourceKey: key, raw: rec.raw,
      input: {
        kind: 'loan', borrowerUscc: f[0], borrowerName: f[1], lenderName: f[2], lenderCode: f[3], contractNo: f[4], disbursedOn: f[5],
        maturesOn: f[6], amount: f[7], loanType: f[8], firstLoan: f[9],
      },
    };
  }
  if (list.recordKind === 'DEFAULTER') {
    return {
      ok: true, sourceKey: key, raw: rec.raw,
      input: {
        kind: 'credit-record', recordKind: 'DEFAULTER', subjectName: f[0], uscc: f[1], docNo: f[2], court: f[3], filedOn: f[4], publishedOn: f[5],
        listStatus: f[6], authority: f[3], category: null, content: null, fineAmount: null, decidedOn: f[4], authorityUscc: null, publicityUntil: null,
      },
    };
  }
  return {
    ok: true, sourceKey: key, raw: rec.raw,
    input: {
      kind: 'credit-record', recordKind: list.recordKind, subjectName: f[0], uscc: f[1], docNo: f[2], category: f[3], content: f[4],
      fineAmount: f[5], decidedOn: f[6], authority: f[7], authorityUscc: f[8], publicityUntil: f[9], court: null, filedOn: null,
      publishedOn: null, listStatus: null,
    },
  };
}
