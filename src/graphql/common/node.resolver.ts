/**
 * common/node.resolver
 *
 * `node(id)`: any entity by its global ID, through the same loaders as its own lookup.
 */
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { fromGlobalId } from '../global-id.js';
import { loadableByKey, loadEntity } from './entity-loaders.js';
import { Node } from './node.type.js';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: '按全局 ID 查询：Any entity by its global ID. INVALID_ID for a malformed ID, NOT_FOUND for an unknown one.' })
  async node(@Arg('id', () => ID, { description: '全局 ID (a global ID from any entity’s `id`).' }) id: string, @Ctx() ctx: GraphQLContext): Promise<object> {
    const { type, key } = fromGlobalId(id);
    const row = await loadEntity(ctx, type, key);
    if (!row) throw new NotFoundError(loadableByKey(type) ? type : 'entity');
    return row;
  }
}
