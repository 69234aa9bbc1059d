/**
 * common/node.type
 *
 * The Relay Node interface. Rows handed back through `node(id)` carry `__typename`.
 */
import { Field, ID, InterfaceType } from 'type-graphql';

@InterfaceType({
  description: '实体：An entity with a global ID (base64url of `Type:nationalKey`).',
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class Node {
  @Field(() => ID, { description: '全局 ID (Relay global ID: base64url of `Type:nationalKey`).' })
  id!: string;
}
