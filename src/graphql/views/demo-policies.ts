/**
 * views/demo-policies
 *
 * The demo world's three support policies (免申即享), stored once when the demo hub
 * starts on an empty policy table: each compiled under the demo administrator's policy,
 * as if the finance office had written it, so `npm start` shows eligible firms announced
 * as the sources arrive (POLICY_ELIGIBLE) and `policyMatches` has answers.
 */
import type { GraphQLSchema } from 'graphql';
import type { Db } from '../../db/client.js';
import type { Policy } from '../../policy/policy.js';
import { createPolicy, listPolicies } from '../../support/store.js';
import { analystEnv } from '../analyst/access.js';
import { EntityGate } from '../entity-gate.js';
import { compileCriteria } from './criteria.js';

export const DEMO_POLICIES = [
  {
    title: '小微企业首贷贴息 (first-loan interest subsidy for small firms)', issuer: '金融工作办公室',
    criteria: { status: { in: ['SUBSISTING', 'OPERATING'] }, registeredCapital: { lte: '$maxCapital' }, loans: { some: { firstLoan: { eq: true } } } },
    params: { maxCapital: 2000 },
  },
  {
    title: '制造业纳税信用A级企业奖励 (manufacturers rated A for tax credit)', issuer: '经济和信息化局',
    criteria: { industryCode: { startsWith: 'C' }, status: { in: ['SUBSISTING', 'OPERATING'] }, taxRating: { rating: { eq: 'A' } } },
    params: {},
  },
  {
    title: '新设立企业开办补贴 (start-up subsidy for firms founded since a date)', issuer: '市场监督管理局',
    criteria: { establishedOn: { gte: '$since' }, status: { in: ['SUBSISTING', 'OPERATING'] } },
    params: { since: '2025-01-01' },
  },
] as const;

/** Stores the demo policies unless policies exist already; returns how many were stored. */
export async function seedDemoPolicies(db: Db, schema: GraphQLSchema, policy: Policy, now: Date): Promise<number> {
  if ((await listPolicies(db)).length || !policy.departments().includes('admin')) return 0;
  const env = analystEnv(schema, new EntityGate({ id: 'system:demo', kind: 'system', department: 'admin', division: null }, policy), true);
  for (const p of DEMO_POLICIES) {
    const criteria = structuredClone(p.criteria) as Record<string, unknown>;
    const params = { ...p.params } as Record<string, unknown>;
    await createPolicy(db, { title: p.title, issuer: p.issuer, validFrom: '2026-01-01', validTo: '2027-12-31' }, { criteria, params, compiled: compileCriteria(schema, env, criteria, params).toParts() }, 'system:demo', now);
  }
  return DEMO_POLICIES.length;
}
