/**
 * test/support/ledger
 *
 * Loan records as a hand-made connector yields them (tests of the pipeline itself, not of
 * a connector): loan `i`, contract `L-i` (or another prefix), to the demo world's firms in
 * turn; and such a connector, yielding given batches and then, if told, failing.
 */
import { z } from 'zod';
import { defineConnector, type PullBatch, type PullItem } from '../../connectors/contract.js';
import { World } from '../../src/simulator/world.js';

const firms = [...new World({ enterprises: 12, seed: 77 }).enterprises()].filter((e) => e.uscc);

export function ledgerLoan(i: number, prefix = 'L'): PullItem {
  const e = firms[i % firms.length]!;
  return {
    ok: true, sourceKey: `${prefix}-${i}`, raw: `row ${i}`,
    input: { kind: 'loan', borrowerUscc: e.uscc, borrowerName: e.name, lenderName: '徽商银行', lenderCode: 'HSB', contractNo: `${prefix}-${i}`, disbursedOn: '2026-01-05', maturesOn: '2027-01-04', amount: '100', loanType: '信用', firstLoan: '否' },
  };
}

/** A connector of kind `kind` that yields `batches` in order, then throws `failure` if one is given. */
export const ledgerSource = (kind: string, batches: readonly PullBatch[], failure?: Error) => defineConnector({
  kind,
  version: '1',
  configSchema: z.strictObject({}),
  async healthCheck() {},
  async *pull(): AsyncIterable<PullBatch> {
    yield* batches;
    if (failure) throw failure;
  },
});
