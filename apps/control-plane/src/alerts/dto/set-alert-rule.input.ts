import { Field, Float, InputType } from '@nestjs/graphql';
import type { AlertSeverity } from '../../notifications/alert-notification.types.js';
import type { AlertScopeKind } from '../alert-kind.constant.js';
import { AlertScopeKindEnum, AlertSeverityEnum } from './alert-enums.type.js';

@InputType()
export class AlertRuleParamInput {
  @Field() name!: string;
  @Field(() => Float) value!: number;
}

@InputType({ description: 'Creates or replaces the rule of one (kind, scopeKind, scopeValue).' })
export class SetAlertRuleInput {
  @Field({ description: 'Rule kind, e.g. temperature_high (see alertKinds).' }) kind!: string;
  @Field(() => AlertScopeKindEnum) scopeKind!: AlertScopeKind;
  @Field(() => String, { nullable: true, description: 'Module id or tag; empty or omitted for fleet.' })
  scopeValue?: string | null;
  @Field(() => AlertSeverityEnum, { nullable: true, description: "Defaults to the kind's severity." })
  severity?: AlertSeverity | null;
  @Field(() => [AlertRuleParamInput], { nullable: true, description: 'Omitted params use the kind defaults.' })
  params?: AlertRuleParamInput[] | null;
  @Field(() => Boolean, { nullable: true, description: 'false switches the kind off for this scope. Default true.' })
  enabled?: boolean | null;
}
