/**
 * graphql/build-schema
 *
 * The type-graphql schema: every resolver, the entity gate around every field, and
 * explicit type functions everywhere (no emitted decorator metadata needed).
 */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AlertRuleResolver } from './alerts/alert-rule.resolver.js';
import { AuditResolver } from './audit/audit.resolver.js';
import { ApiKeyResolver } from './auth/api-key.resolver.js';
import { AlertResolver } from './alerts/alert.resolver.js';
import { EntityChangeResolver } from './alerts/entity-change.resolver.js';
import { NodeResolver } from './common/node.resolver.js';
import { CreditRecordResolver, LoanResolver } from './credit/credit.resolver.js';
import { EnterpriseEventResolver, EnterpriseResolver } from './enterprise/enterprise.resolver.js';
import { analystResolvers, assertDescribed } from './analyst/resolvers.js';
import { assertClassified } from './data-class.js';
import { FederationResolver } from './federation/federation.resolver.js';
import { federatedClasses } from './federation/keys.js';
import { gateEveryField } from './gated-fields.js';
import { assertResolvable } from './federation/representations.js';
import { assertOwned } from './ownership.js';
import { viewResolvers } from './views/resolvers.js';
import { LandParcelResolver, ParcelEventResolver, ProjectResolver } from './land/land.resolver.js';
import { LicenseResolver } from './license/license.resolver.js';
import { OpsResolver } from './ops/ops.resolver.js';
import { PersonResolver } from './person/person.resolver.js';
import { MortgageResolver, RealEstateUnitResolver, RegistrationHolderResolver, RegistrationResolver } from './realestate/realestate.resolver.js';
import { TaxProfileResolver } from './tax/tax.resolver.js';

export const resolvers = [
  NodeResolver, EnterpriseResolver, EnterpriseEventResolver, PersonResolver, LandParcelResolver, ParcelEventResolver, ProjectResolver, RealEstateUnitResolver, RegistrationResolver,
  RegistrationHolderResolver, MortgageResolver, LicenseResolver, CreditRecordResolver, LoanResolver, TaxProfileResolver, OpsResolver,
  AlertResolver, AlertRuleResolver, EntityChangeResolver, AuditResolver, ApiKeyResolver, FederationResolver, ...viewResolvers,
] as const;

/**
 * Every subscription supplies its own `subscribe` (the event log, see alerts/), so
 * type-graphql's topic-based PubSub is never asked for anything.
 */
const noTopics = {
  publish(): never {
    throw new Error('govgraph subscriptions read the event log; there are no PubSub topics');
  },
  subscribe(): never {
    throw new Error('govgraph subscriptions read the event log; there are no PubSub topics');
  },
};

/** Descriptions of the types type-graphql declares no class for: the roots, and the scalars taken from graphql-scalars. */
function describeBuiltIns(schema: GraphQLSchema): void {
  const text: Record<string, string> = {
    Query: '查询 (read the graph).', Mutation: '变更 (manage rules, keys, alerts and syncs).', Subscription: '订阅 (alerts and changes, live over WebSocket).',
    DateTimeISO: '时间戳 (an instant, ISO 8601 in UTC, e.g. 2026-05-20T08:00:00.000Z).',
    JSONObject: '对象 (a JSON object, as ECMA-404 defines it).',
  };
  for (const [name, description] of Object.entries(text)) {
    const type = schema.getType(name);
    if (type) type.description = description;
  }
}

let cached: Promise<GraphQLSchema> | undefined;

/**
 * Builds the schema once per process (type-graphql metadata is global); a leaf field without a
 * data class, an object type without an owner, a broken analyst description or a federated
 * type whose key no loader resolves fails the build.
 */
export function buildHubSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({ resolvers: [...resolvers, ...analystResolvers()] as [Function, ...Function[]], validate: false, pubSub: noTopics }).then((schema) => {
    gateEveryField(schema);
    assertClassified(schema);
    assertOwned(schema);
    assertDescribed(schema);
    assertResolvable(schema, federatedClasses().map((c) => c.name));
    describeBuiltIns(schema);
    return schema;
  });
  return cached;
}
