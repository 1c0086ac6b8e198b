import { Field, Float, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import type { AlertSeverity } from '../../notifications/alert-notification.types.js';
import type { AlertScopeKind } from '../alert-kind.constant.js';
import { AlertScopeKindEnum, AlertSeverityEnum } from './alert-enums.type.js';

@ObjectType()
export class AlertRuleParam {
  @Field() name!: string;
  @Field(() => Float) value!: number;
}

@ObjectType({ description: 'An operator-set rule; devices no rule matches use the built-in default (alertKinds).' })
export class AlertRule {
  @Field(() => ID) id!: string;
  @Field() kind!: string;
  @Field(() => AlertScopeKindEnum) scopeKind!: AlertScopeKind;
  @Field({ description: "Module id or tag; '' for fleet." }) scopeValue!: string;
  @Field(() => AlertSeverityEnum) severity!: AlertSeverity;
  @Field(() => [AlertRuleParam], { description: 'Params set by this rule; the others use the kind defaults.' })
  params!: AlertRuleParam[];
  @Field() enabled!: boolean;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}
