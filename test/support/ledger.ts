/**
 * test/support/ledger
 *
 * Loan records as a hand-made connector yields them (tests of the pipeline itself, not of
 * a connector): loan `i`, contract `L-i`, to the demo world's firms in turn.
 */
import type { PullItem } from '../../connectors/contract.js';
import { World } from '../../src/simulator/world.js';

const firms = [...new World({ enterprises: 12, seed: 77 }).enterprises()].filter((e) => e.uscc);

export function ledgerLoan(i: number): PullItem {
  const e = firms[i % firms.length]!;
  return {
    ok: true, sourceKey: `L-${i}`, raw: `row ${i}`,
    input: { kind: 'loan', borrowerUscc: e.uscc, borrowerName: e.name, lenderName: '徽商银行', lenderCode: 'HSB', contractNo: `L-${i}`, disbursedOn: '2026-01-05', maturesOn: '2027-01-04', amount: '100', loanType: '信用', firstLoan: '否' },
  };
}
