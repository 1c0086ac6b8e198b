import { Field, Float, ObjectType } from '@nestjs/graphql';
import type { AlertSeverity } from '../../notifications/alert-notification.types.js';
import { AlertSeverityEnum } from './alert-enums.type.js';

@ObjectType()
export class AlertParamInfo {
  @Field() name!: string;
  @Field(() => Float) default!: number;
  @Field(() => Float) min!: number;
  @Field(() => Float) max!: number;
  @Field() integer!: boolean;
  @Field() description!: string;
}

@ObjectType({ description: 'A rule kind with its built-in default rule.' })
export class AlertKindInfo {
  @Field() kind!: string;
  @Field() description!: string;
  @Field(() => AlertSeverityEnum) defaultSeverity!: AlertSeverity;
  @Field(() => [AlertParamInfo]) params!: AlertParamInfo[];
}
