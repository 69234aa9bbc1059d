/**
 * schema/credit
 *
 * Credit records from the credit platform (双公示 licensing and penalties, court
 * defaulters) and bank loans. Daily full lists: a record missing from today's list is
 * marked withdrawn, never deleted.
 */
import { bigserial, boolean, date, index, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { provenance } from './columns.js';

export const creditRecord = pgTable(
  'credit_record',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** LICENSING | PENALTY | DEFAULTER */
    kind: text('kind').notNull(),
    /** 决定文书号 or 案号 */
    docNo: text('doc_no').notNull(),
    subjectName: text('subject_name').notNull(),
    uscc: text('uscc'),
    category: text('category'),
    content: text('content'),
    /** 罚款金额, 万元 */
    fineAmount: numeric('fine_amount', { precision: 18, scale: 4 }),
    decidedOn: date('decided_on'),
    authority: text('authority'),
    authorityUscc: text('authority_uscc'),
    publicityUntil: date('publicity_until'),
    court: text('court'),
    filedOn: date('filed_on'),
    publishedOn: date('published_on'),
    withdrawn: boolean('withdrawn').notNull().default(false),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, mode: 'date' }),
    /** REMOVED_BY_SOURCE (the list says 已移出) | MISSING_FROM_LIST (absent from a later full list) */
    withdrawnReason: text('withdrawn_reason'),
    /** The list day that withdrew it (MISSING_FROM_LIST), or the day the hub read 已移出 (China time). */
    withdrawnOn: date('withdrawn_on'),
    /** Day of the latest full list that contained this record (not part of the content hash). */
    listedOn: date('listed_on'),
    /** Ingest warnings, e.g. text that starts like a spreadsheet formula (stored as text). */
    warnings: jsonb('warnings').$type<string[]>(),
    ...provenance(),
  },
  (t) => [uniqueIndex('credit_record_key').on(t.kind, t.docNo), index('credit_record_uscc_idx').on(t.uscc, t.kind), index('credit_record_listed_idx').on(t.sourceId, t.kind, t.listedOn),
    // Analyst orderings: each sortable field, then the tiebreak (test/sortable-indexes).
    index('credit_record_decided_idx').on(t.decidedOn, t.id), index('credit_record_fine_idx').on(t.fineAmount, t.id),
    index('credit_record_publicity_idx').on(t.publicityUntil, t.id), index('credit_record_kind_idx').on(t.kind, t.id)],
);

export const loan = pgTable(
  'loan',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    borrowerUscc: text('borrower_uscc').notNull(),
    borrowerName: text('borrower_name').notNull(),
    lenderName: text('lender_name').notNull(),
    lenderCode: text('lender_code').notNull(),
    contractNo: text('contract_no').notNull(),
    disbursedOn: date('disbursed_on'),
    maturesOn: date('matures_on'),
    /** 万元 */
    amount: numeric('amount', { precision: 18, scale: 4 }).notNull(),
    /** 信用 | 抵押 | 保证 */
    loanType: text('loan_type').notNull(),
    firstLoan: boolean('first_loan').notNull(),
    withdrawn: boolean('withdrawn').notNull().default(false),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, mode: 'date' }),
    /** MISSING_FROM_LIST (absent from a later complete ledger file). */
    withdrawnReason: text('withdrawn_reason'),
    /** Day of the ledger file that no longer held it. */
    withdrawnOn: date('withdrawn_on'),
    /** Day of the latest ledger file that contained this loan. */
    listedOn: date('listed_on'),
    /** Ingest warnings, e.g. text that starts like a spreadsheet formula (stored as text). */
    warnings: jsonb('warnings').$type<string[]>(),
    ...provenance(),
  },
  (t) => [uniqueIndex('loan_key').on(t.lenderCode, t.contractNo), index('loan_borrower_idx').on(t.borrowerUscc), index('loan_listed_idx').on(t.sourceId, t.listedOn),
    // Analyst orderings: each sortable field, then the tiebreak (test/sortable-indexes).
    index('loan_disbursed_idx').on(t.disbursedOn, t.id), index('loan_matures_idx').on(t.maturesOn, t.id), index('loan_amount_idx').on(t.amount, t.id),
    index('loan_lender_idx').on(t.lenderCode, t.id)],
);
