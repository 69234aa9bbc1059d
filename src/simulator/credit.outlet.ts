/**
 * simulator/credit.outlet
 *
 * The credit platform's daily full lists, UTF-8 with BOM, Chinese headers: `xzxk.csv`
 * (licensing), `xzcf.csv` (penalties), `sxbzxr.csv` (court defaulters), `loans.csv` (the
 * banks' ledger), in one folder per day. A record missing from a later day's list has
 * been withdrawn.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CsvFileWriter } from './csv.js';
import type { WEnterprise, WLoan, World } from './world.js';

export const CREDIT_HEADERS = {
  doublePublicity: ['行政相对人名称', '统一社会信用代码', '决定文书号', '类别', '内容', '罚款金额(万元)', '决定日期', '决定机关', '决定机关统一社会信用代码', '公示截止期'],
  defaulters: ['名称', '统一社会信用代码', '案号', '执行法院', '立案日期', '发布日期', '状态'],
  loans: ['借款主体统一社会信用代码', '借款主体名称', '贷款机构', '贷款机构代码', '合同编号', '放款日期', '到期日期', '金额(万元)', '贷款类型', '是否首贷'],
} as const;

export interface CreditDayOptions {
  /** Drops that share of penalties and listed defaulters, as a later day's list does when publicity ends. */
  readonly withdrawShare?: number;
  /** Days after the world's asOf: from 1 on, the ledger holds the first loans granted since (World.laterLoans). */
  readonly day?: number;
  /** The ledger's loans of an enterprise, when a test needs other ones (a loan withdrawn, a first loan). */
  readonly loans?: (e: WEnterprise, loans: WLoan[]) => WLoan[];
}

/** Writes one day's lists into `dir/<date>/`. */
export async function writeCreditDay(world: World, dir: string, date: string, options: CreditDayOptions = {}): Promise<string> {
  const withdrawShare = options.withdrawShare ?? 0;
  const day = join(dir, date);
  await mkdir(day, { recursive: true });
  const xzxk = new CsvFileWriter(join(day, 'xzxk.csv'), 'utf8-bom');
  const xzcf = new CsvFileWriter(join(day, 'xzcf.csv'), 'utf8-bom');
  const sx = new CsvFileWriter(join(day, 'sxbzxr.csv'), 'utf8-bom');
  const loans = new CsvFileWriter(join(day, 'loans.csv'), 'utf8-bom');
  await xzxk.row(CREDIT_HEADERS.doublePublicity);
  await xzcf.row(CREDIT_HEADERS.doublePublicity);
  await sx.row(CREDIT_HEADERS.defaulters);
  await loans.row(CREDIT_HEADERS.loans);
  for (const e of world.enterprises()) {
    if (e.legacy === 'legacy-only') continue;
    const withdrawn = withdrawShare > 0 && world.rng(`credit-withdraw:${date}`, e.index).chance(withdrawShare);
    for (const c of world.credit(e)) {
      if (c.kind === 'LICENSING') await xzxk.row([c.subjectName, c.uscc, c.docNo, '', c.content, '', c.decidedOn, c.authority, c.authorityUscc, '']);
      else if (c.kind === 'PENALTY' && !withdrawn) await xzcf.row([c.subjectName, c.uscc, c.docNo, c.category, c.content, c.fine, c.decidedOn, c.authority, c.authorityUscc, c.publicityUntil]);
      else if (c.kind === 'DEFAULTER' && !withdrawn) await sx.row([c.subjectName, c.uscc, c.docNo, c.court, c.decidedOn, c.decidedOn, c.listed ? '在列' : '已移出']);
    }
    const ledger = [...world.loans(e), ...world.laterLoans(e, options.day ?? 0)];
    for (const l of options.loans ? options.loans(e, ledger) : ledger) {
      await loans.row([l.borrowerUscc, l.borrowerName, l.lender, l.lenderCode, l.contractNo, l.disbursedOn, l.maturesOn, l.amount, l.loanType, l.firstLoan ? '是' : '否']);
    }
  }
  await Promise.all([xzxk.close(), xzcf.close(), sx.close(), loans.close()]);
  return day;
}
