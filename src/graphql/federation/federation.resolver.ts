/**
 * federation/federation.resolver
 *
 * The Apollo Federation 2 subgraph protocol, in the schema itself (not rebuilt by
 * `@apollo/subgraph`'s `buildSubgraphSchema`, which would drop the data classes and
 * ownership the entity gate reads from each field and type): `_service { sdl }` and
 * `_entities(representations:)`, each an operation the policy grants by name. `_entities`
 * answers through the request's loaders and the entity gate, like `node(id)`: the gate
 * decides every field, and a row the caller may not see answers null in its place.
 */
import { Arg, Ctx, Field, Info, ObjectType, Query, Resolver, createUnionType, type ClassType } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from '../context.js';
import { DataClass } from '../data-class.js';
import { AnyScalar, type Representation } from './any.scalar.js';
import { federatedClasses } from './keys.js';
import { resolveRepresentations } from './representations.js';
import { subgraphSdl } from './subgraph-sdl.js';

@DataClass('STRUCTURE')
@ObjectType('_Service', { description: '子图服务信息 (Federation: this subgraph’s schema, for a gateway to compose).' })
export class ServiceInfo {
  @Field(() => String, { description: '子图 SDL (the subgraph schema with its Federation directives).' })
  sdl!: string;
}

export const EntityUnion = createUnionType({
  name: '_Entity',
  description: '联邦实体 (Federation: every type other subgraphs may reference by its national key).',
  types: () => federatedClasses() as [ClassType, ...ClassType[]],
  resolveType: (value: { __typename?: string }) => value.__typename,
});

@Resolver()
export class FederationResolver {
  @Query(() => ServiceInfo, { name: '_service', description: '子图服务 (Federation: the subgraph SDL a gateway composes; granted by the policy like any operation).' })
  service(@Info() info: GraphQLResolveInfo): ServiceInfo {
    return { sdl: subgraphSdl(info.schema) };
  }

  @Query(() => [EntityUnion], {
    name: '_entities', nullable: 'items',
    description: '按实体表示查询 (Federation: entities by representation, in order; null for one that does not exist or that you may not see).',
  })
  entities(
    @Arg('representations', () => [AnyScalar], { description: '实体表示 (`{ __typename, <key field>: value }`, as a gateway sends them).' }) representations: Representation[],
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<(object | null)[]> {
    return resolveRepresentations(ctx, info.schema, representations);
  }
}
