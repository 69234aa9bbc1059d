/**
 * alerts/alert-rule.resolver
 *
 * `alertRules`, and the mutations that manage them. Rule errors keep their stable codes:
 * bad parameters are BAD_USER_INPUT with each problem listed, a taken name is CONFLICT.
 */
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { createRule, deleteRule, listRules, RuleError, updateRule, type RuleRow } from '../../alerts/rule-store.js';
import { isAlertKind, SCHEDULED_KINDS, type AlertKind } from '../../alerts/rules.js';
import type { GraphQLContext } from '../context.js';
import { BadUserInputError, HubError, NotFoundError } from '../errors.js';
import { AlertRule, CreateAlertRuleInput, UpdateAlertRuleInput } from './alert-rule.type.js';

const toRule = (r: RuleRow): AlertRule => ({
  id: r.id, kind: r.kind, name: r.name, params: r.params, enabled: r.enabled, scheduled: SCHEDULED_KINDS.has(r.kind as AlertKind),
  scheduledThrough: r.scheduledThrough, updatedAt: r.updatedAt, updatedBy: r.updatedBy,
});

function checkName(name: string | undefined | null): void {
  if (name === undefined || name === null) return;
  if (name.trim().length === 0 || name.length > 200) throw new BadUserInputError('name must hold 1-200 characters', { argument: 'name' });
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    if (e.code === 'RULE_NOT_FOUND') throw new NotFoundError('AlertRule');
    if (e.code === 'RULE_NAME_TAKEN') throw new HubError('CONFLICT', e.message, { reason: e.code });
    throw new BadUserInputError(e.message, { argument: 'params', reason: e.code, problems: e.problems });
  }
}

@Resolver(() => AlertRule)
export class AlertRuleResolver {
  @Query(() => [AlertRule], { description: '告警规则：Every alert rule, enabled or not.' })
  async alertRules(@Ctx() ctx: GraphQLContext): Promise<AlertRule[]> {
    return (await listRules(ctx.db)).map(toRule);
  }

  @Mutation(() => AlertRule, { description: '新建告警规则 (create an alert rule).' })
  async createAlertRule(@Arg('input', () => CreateAlertRuleInput, { description: '规则 (the rule).' }) input: CreateAlertRuleInput, @Ctx() ctx: GraphQLContext): Promise<AlertRule> {
    checkName(input.name);
    if (!isAlertKind(input.kind)) throw new BadUserInputError('Unknown alert kind', { argument: 'kind' });
    const kind = input.kind;
    return toRule(await mapped(() => createRule(ctx.db, { kind, name: input.name.trim(), params: input.params ?? {}, enabled: input.enabled ?? true }, ctx.principal.id)));
  }

  @Mutation(() => AlertRule, { description: '修改告警规则 (change an alert rule).' })
  async updateAlertRule(
    @Arg('id', () => Int, { description: '规则 ID (rule id).' }) id: number,
    @Arg('input', () => UpdateAlertRuleInput, { description: '修改内容 (what changes).' }) input: UpdateAlertRuleInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AlertRule> {
    checkName(input.name);
    return toRule(await mapped(() => updateRule(ctx.db, id, { name: input.name?.trim(), params: input.params, enabled: input.enabled }, ctx.principal.id, ctx.now())));
  }

  @Mutation(() => AlertRule, { description: '删除告警规则：Deletes a rule. The alerts it raised stay in the log.' })
  async deleteAlertRule(@Arg('id', () => Int, { description: '规则 ID (rule id).' }) id: number, @Ctx() ctx: GraphQLContext): Promise<AlertRule> {
    return toRule(await mapped(() => deleteRule(ctx.db, id)));
  }
}
