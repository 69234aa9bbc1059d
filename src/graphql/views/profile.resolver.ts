/**
 * views/profile.resolver
 *
 * `Enterprise.profile`: the profiles of every enterprise an operation asks about are
 * loaded together — one statement per batch of up to 1,000 (views/profile), so a page of
 * 100 profiles costs one statement whatever it selects. The read planner fetches the same
 * facts inside its own statement and makes the profile with the same function (`@Derived`).
 */
import DataLoader from 'dataloader';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { enterprise } from '../../../schema/index.js';
import { rowsOf } from '../../db/rows.js';
import { Sql } from '../../db/sql-parts.js';
import { chinaToday } from '../../domain/china-day.js';
import { profileOf, profileSql, type Profile, type ProfileRow } from '../../views/profile.js';
import type { GraphQLContext } from '../context.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import { viewLoader } from '../loaders.js';
import { Derived } from '../planner/declare.js';
import { EnterpriseProfile } from './profile.type.js';

const PROFILES = Symbol('enterprise profiles');

function profileLoader(ctx: GraphQLContext): DataLoader<string, Profile | null> {
  return viewLoader(ctx.loaders, PROFILES, () => {
    const today = chinaToday(ctx.now());
    return new DataLoader<string, Profile | null>(async (usccs) => {
      const rows = rowsOf<ProfileRow>(await ctx.db.execute(Sql.of`${Sql.text(profileSql(ctx.views, today))} WHERE e.uscc = ANY(${[...usccs]}::text[])`.toDrizzle()));
      const by = new Map(rows.map((r) => [r.uscc, profileOf(ctx.views, r, today)]));
      return usccs.map((u) => by.get(u) ?? null);
    }, { maxBatchSize: 1000 });
  });
}

@Resolver(() => Enterprise)
export class ProfileResolver {
  @Derived({
    facts: (p, env) => `(SELECT row_to_json(f) FROM (${profileSql(env.views, env.today)} WHERE e.uscc = ${p.uscc}) f)`,
    value: (facts: ProfileRow, env) => profileOf(env.views, facts, env.today),
  })
  @FieldResolver(() => EnterpriseProfile, { nullable: true, description: '企业画像 (the enterprise profile; null for a record known only by its 注册号). Loaded for a whole page at once.' })
  profile(@Root() e: typeof enterprise.$inferSelect, @Ctx() ctx: GraphQLContext): Promise<Profile | null> | null {
    return e.uscc ? profileLoader(ctx).load(e.uscc) : null;
  }
}
