/**
 * views/resolvers
 *
 * The reform's own questions as views (README "Reform views"): the no-loan list and its
 * statistics, the enterprise profile, support policies matched without application, a
 * parcel's whole life and its 标准地 indicators.
 */
import { NoLoanCountResolver, NoLoanResolver } from './no-loan.resolver.js';
import { ProfileResolver } from './profile.resolver.js';
import { LandLifeQueryResolver, LandLifeResolver, ParcelStageEntryResolver } from './land-life.resolver.js';
import { ParcelGroupStagesResolver, StageDurationsResolver } from './stage-durations.js';
import { EligiblePoliciesResolver, PolicyMatchCountResolver, SupportPolicyResolver } from './support-policy.resolver.js';

export const viewResolvers = [
  NoLoanResolver, NoLoanCountResolver, ProfileResolver, LandLifeResolver, ParcelStageEntryResolver, LandLifeQueryResolver, StageDurationsResolver, ParcelGroupStagesResolver,
  SupportPolicyResolver, PolicyMatchCountResolver, EligiblePoliciesResolver,
] as const;
