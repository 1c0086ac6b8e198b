import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator.js';
import { AlertRuleService } from './alert-rule.service.js';
import { AlertKindInfo } from './dto/alert-kind-info.type.js';
import { AlertRule } from './dto/alert-rule.type.js';
import { SetAlertRuleInput } from './dto/set-alert-rule.input.js';

@Resolver(() => AlertRule)
export class AlertRuleResolver {
  constructor(private readonly rules: AlertRuleService) {}

  @Roles('viewer')
  @Query(() => [AlertRule], { description: 'Configured rules; kinds without one use their defaults.' })
  alertRules(): Promise<AlertRule[]> {
    return this.rules.list();
  }

  @Roles('viewer')
  @Query(() => [AlertKindInfo], { description: 'Every rule kind with its built-in default rule.' })
  alertKinds(): AlertKindInfo[] {
    return this.rules.kinds();
  }

  @Roles('operator')
  @Mutation(() => AlertRule, { description: 'Creates or replaces the rule for (kind, scopeKind, scopeValue).' })
  setAlertRule(@Args('input', { type: () => SetAlertRuleInput }) input: SetAlertRuleInput): Promise<AlertRule> {
    return this.rules.set(input);
  }

  @Roles('operator')
  @Mutation(() => AlertRule, { description: 'Deletes a rule; its scope falls back to the next one.' })
  deleteAlertRule(@Args('id', { type: () => ID }) id: string): Promise<AlertRule> {
    return this.rules.delete(id);
  }
}
