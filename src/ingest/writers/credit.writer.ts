/**
 * ingest/writers/credit.writer
 *
 * Credit records (licensing, penalties, court defaulters) and bank loans.
 */
import { creditRecord, loan } from '../../../schema/index.js';
import type { CreditRecord, Loan } from '../../domain/records.js';
import { chinaToday } from '../../domain/china-day.js';
import { contentOf, lastByKey } from '../upsert.js';
import { stageTracked } from '../changes.js';
import { provenanceOf, singleTable } from './context.js';

export const writeCreditRecords = singleTable<CreditRecord>((ctx, all) => {
  const items = lastByKey(all, (i) => `${i.record.recordKind}|${i.record.docNo}`, contentOf);
  const rows = items.map(({ record: c, ...i }) => ({
    kind: c.recordKind, docNo: c.docNo, subjectName: c.subjectName, uscc: c.uscc, category: c.category, content: c.content,
    fineAmount: c.fineAmount, decidedOn: c.decidedOn, authority: c.authority, authorityUscc: c.authorityUscc,
    publicityUntil: c.publicityUntil, court: c.court, filedOn: c.filedOn, publishedOn: c.publishedOn, withdrawn: c.withdrawn,
    withdrawnAt: c.withdrawn ? ctx.fetchedAt : null, withdrawnReason: c.withdrawn ? 'REMOVED_BY_SOURCE' : null,
    withdrawnOn: c.withdrawn ? chinaToday(ctx.fetchedAt) : null, warnings: i.warnings.length ? [...i.warnings] : null, ...provenanceOf(ctx, i),
  }));
  return stageTracked(creditRecord, [creditRecord.kind, creditRecord.docNo], rows, { keep: ['listedOn'] });
});

export const writeLoans = singleTable<Loan>((ctx, all) => {
  const items = lastByKey(all, (i) => `${i.record.lenderCode}|${i.record.contractNo}`, contentOf);
  const rows = items.map(({ record: l, ...i }) => ({
    borrowerUscc: l.borrowerUscc, borrowerName: l.borrowerName, lenderName: l.lenderName, lenderCode: l.lenderCode,
    contractNo: l.contractNo, disbursedOn: l.disbursedOn, maturesOn: l.maturesOn, amount: l.amount, loanType: l.loanType,
    firstLoan: l.firstLoan, warnings: i.warnings.length ? [...i.warnings] : null, ...provenanceOf(ctx, i),
  }));
  // Whether a loan is withdrawn is the ledger's full-list bookkeeping (full-lists.ts), not its content.
  const keep = ['listedOn', 'withdrawn', 'withdrawnAt', 'withdrawnOn', 'withdrawnReason'];
  return stageTracked(loan, [loan.lenderCode, loan.contractNo], rows, { keep });
});
