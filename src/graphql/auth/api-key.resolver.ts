/**
 * auth/api-key.resolver
 *
 * Key management for whoever the policy lets run it (the demo: the admin): `createApiKey`
 * returns the token once; `revokeApiKey` refuses the key from then on. Keys are never
 * deleted, so the read audit can always name them.
 */
import { Arg, Ctx, Directive, Field, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { isValidDivision } from '../../auth/authenticate.js';
import type { GraphQLContext } from '../context.js';
import { BadUserInputError, NotFoundError } from '../errors.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';

@Owned({ none: true })
@DataClass('OPERATIONS')
@ObjectType({ description: '新 API 密钥：A new API key. The token is shown this once; only its hash is kept.' })
export class CreatedApiKey {
  @Field(() => String, { description: '密钥 ID (key id).' }) id!: string;
  @Field(() => String, { description: '令牌：Bearer token: gg_<id>.<secret>' }) token!: string;
}

@InputType({ description: '新 API 密钥 (a key to issue).' })
export class CreateApiKeyInput {
  @Field(() => String, { description: '部门：A department named in the policy.' }) department!: string;
  @Field(() => String, { nullable: true, description: '行政区划：A district office: its division code.' }) division?: string;
  @Field(() => String, { description: '标注 (what the key is for).', nullable: true }) label?: string;
  @Field(() => Date, { description: '到期时间 (when it stops working).', nullable: true }) expiresAt?: Date;
}

@Resolver()
export class ApiKeyResolver {
  @Directive('@inaccessible')
  @Mutation(() => CreatedApiKey, { description: '签发 API 密钥 (issue an API key; its secret is shown once).' })
  async createApiKey(@Arg('input', () => CreateApiKeyInput, { description: '密钥 (the key to issue).' }) input: CreateApiKeyInput, @Ctx() ctx: GraphQLContext): Promise<CreatedApiKey> {
    if (!ctx.policy.departments().includes(input.department)) throw new BadUserInputError('No policy for that department', { argument: 'input.department' });
    // An empty string is not "no division": it is refused like any code that is not one (never widened).
    if (input.division !== undefined && input.division !== null && !isValidDivision(input.division)) {
      throw new BadUserInputError('division must be a known 6-digit GB/T 2260 code', { argument: 'input.division' });
    }
    if (input.label && input.label.length > 200) throw new BadUserInputError('label may hold at most 200 characters', { argument: 'input.label' });
    if (input.expiresAt && input.expiresAt <= ctx.now()) throw new BadUserInputError('expiresAt must be in the future', { argument: 'input.expiresAt' });
    return ctx.keys.createKey({ department: input.department, division: input.division ?? null, label: input.label ?? null, expiresAt: input.expiresAt ?? null });
  }

  @Directive('@inaccessible')
  @Mutation(() => Boolean, { description: '吊销 API 密钥：Revokes a key: refused from now on (other hubs within 5 s).' })
  async revokeApiKey(@Arg('id', () => String, { description: '密钥 ID (key id).' }) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new BadUserInputError('Not an API key id', { argument: 'id' });
    if (!(await ctx.keys.revokeKey(id))) throw new NotFoundError('ApiKey');
    return true;
  }
}
