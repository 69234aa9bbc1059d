/**
 * credit/credit.analyst
 *
 * What analysts may ask of credit records and loans: the `creditRecords` and `loans`
 * connections, `creditRecordStats` (by kind, category, year, the subject's division) and
 * `loanStats` (amount by lender, type, first-loan flag, year, the borrower's division).
 */
import { creditRecord, loan } from '../../../schema/index.js';
import { divisionDims, enterpriseDivision, monthDim, yearDim } from '../analyst/dimensions.js';
import { CreditKind } from '../analyst/scalars.js';
import { describeEntity, one } from '../analyst/spec.js';
import { EnterpriseAnalyst } from '../enterprise/enterprise.analyst.js';
import { CreditRecord, Loan } from './credit.type.js';

export const CreditRecordAnalyst = describeEntity({
  type: CreditRecord,
  typeName: 'CreditRecord', label: '信用记录',
  table: creditRecord,
  tiebreak: 'id',
  fields: {
    kind: CreditKind, docNo: 'text', subjectName: 'text', uscc: 'text', category: 'text', content: 'text', fineAmount: 'amount', decidedOn: 'date',
    authority: 'text', publicityUntil: 'date', court: 'text', withdrawn: 'bool', withdrawnOn: 'date',
  },
  relations: { enterprise: one(() => EnterpriseAnalyst) },
  order: ['decidedOn', 'fineAmount', 'publicityUntil', 'kind'],
  connection: { root: 'creditRecords', description: '信用记录 (credit records: licensing, penalties, court defaulters): filtered, ordered, paged.' },
  stats: {
    root: 'creditRecordStats',
    description: '信用记录分组统计 (credit record statistics): counts and fines per group.',
    groups: {
      ...divisionDims(enterpriseDivision((c) => c.uscc!), 'Enterprise.divisionCode', 'enterprise concerned'),
      KIND: { key: 'kind', sql: (c) => c.kind!, field: 'CreditRecord.kind', description: '类别 (kind)' },
      CATEGORY: { key: 'category', sql: (c) => c.category!, field: 'CreditRecord.category', description: '处罚/许可类别 (category)' },
      DECIDED_YEAR: yearDim('decidedYear', (c) => c.decidedOn!, 'CreditRecord.decidedOn', '决定年份 (year decided)'),
      DECIDED_MONTH: monthDim('decidedMonth', (c) => c.decidedOn!, 'CreditRecord.decidedOn', '决定月份 (month decided, YYYY-MM)'),
      WITHDRAWN: { key: 'withdrawn', sql: (c) => c.withdrawn!, field: 'CreditRecord.withdrawn', description: '已撤下 (withdrawn from the list)' },
    },
    measures: { fineAmount: 'amount', decidedOn: 'date' },
  },
});

export const LoanAnalyst = describeEntity({
  type: Loan,
  typeName: 'Loan', label: '贷款',
  table: loan,
  tiebreak: 'id',
  fields: {
    borrowerUscc: 'text', lenderName: 'text', lenderCode: 'text', contractNo: 'text', disbursedOn: 'date', maturesOn: 'date',
    amount: 'amount', loanType: 'text', firstLoan: 'bool', withdrawn: 'bool',
  },
  relations: { borrower: one(() => EnterpriseAnalyst) },
  order: ['disbursedOn', 'maturesOn', 'amount', 'lenderCode'],
  connection: { root: 'loans', description: '贷款 (loans in the banks’ ledger): filtered, ordered, paged.' },
  stats: {
    root: 'loanStats',
    description: '贷款分组统计 (loan statistics): counts and amounts per group.',
    groups: {
      ...divisionDims(enterpriseDivision((c) => c.borrowerUscc!), 'Enterprise.divisionCode', 'borrower'),
      LENDER: { key: 'lender', sql: (c) => c.lenderCode!, field: 'Loan.lenderCode', description: '贷款机构代码 (lender code)' },
      LOAN_TYPE: { key: 'loanType', sql: (c) => c.loanType!, field: 'Loan.loanType', description: '贷款类型 (loan type)' },
      FIRST_LOAN: { key: 'firstLoan', sql: (c) => c.firstLoan!, field: 'Loan.firstLoan', description: '首贷 (a borrower’s first loan)' },
      DISBURSED_YEAR: yearDim('disbursedYear', (c) => c.disbursedOn!, 'Loan.disbursedOn', '放款年份 (year disbursed)'),
      DISBURSED_MONTH: monthDim('disbursedMonth', (c) => c.disbursedOn!, 'Loan.disbursedOn', '放款月份 (month disbursed, YYYY-MM)'),
    },
    measures: { amount: 'amount', disbursedOn: 'date' },
  },
});
