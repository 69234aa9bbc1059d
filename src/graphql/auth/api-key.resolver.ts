/**
 * auth/api-key.resolver
 *
 * Key management for whoever the policy lets run it (the demo: the admin): `createApiKey`
 * returns the token once; `revokeApiKey` refuses the key from then on. Keys are never
 * deleted, so the read audit can always name them.
 */
import { Arg, Ctx, Field, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { isValidDivision } from '../../auth/authenticate.js';
import type { GraphQLContext } from '../context.js';
import { BadUserInputError, NotFoundError } from '../errors.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';

@Owned({ none: true })
@DataClass('OPERATIONS')
@ObjectType({ description: 'A new API key. The token is shown this once; only its hash is kept.' })
export class CreatedApiKey {
  @Field(() => String) id!: string;
  @Field(() => String, { description: 'Bearer token: gg_<id>.<secret>' }) token!: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => String, { description: 'A department named in the policy.' }) department!: string;
  @Field(() => String, { nullable: true, description: 'A district office: its division code.' }) division?: string;
  @Field(() => String, { nullable: true }) label?: string;
  @Field(() => Date, { nullable: true }) expiresAt?: Date;
}

@Resolver()
export class ApiKeyResolver {
  @Mutation(() => CreatedApiKey)
  async createApiKey(@Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() ctx: GraphQLContext): Promise<CreatedApiKey> {
    if (!ctx.policy.departments().includes(input.department)) throw new BadUserInputError('No policy for that department', { argument: 'input.department' });
    // An empty string is not "no division": it is refused like any code that is not one (never widened).
    if (input.division !== undefined && input.division !== null && !isValidDivision(input.division)) {
      throw new BadUserInputError('division must be a known 6-digit GB/T 2260 code', { argument: 'input.division' });
    }
    if (input.label && input.label.length > 200) throw new BadUserInputError('label may hold at most 200 characters', { argument: 'input.label' });
    if (input.expiresAt && input.expiresAt <= ctx.now()) throw new BadUserInputError('expiresAt must be in the future', { argument: 'input.expiresAt' });
    return ctx.keys.createKey({ department: input.department, division: input.division ?? null, label: input.label ?? null, expiresAt: input.expiresAt ?? null });
  }

  @Mutation(() => Boolean, { description: 'Revokes a key: refused from now on (other hubs within 5 s).' })
  async revokeApiKey(@Arg('id', () => String) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new BadUserInputError('Not an API key id', { argument: 'id' });
    if (!(await ctx.keys.revokeKey(id))) throw new NotFoundError('ApiKey');
    return true;
  }
}
