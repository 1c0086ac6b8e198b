import { Field, ID, InputType } from '@nestjs/graphql';
import type { AlertSeverity } from '../../notifications/alert-notification.types.js';
import type { AlertStatus } from '../alert-kind.constant.js';
import { AlertSeverityEnum, AlertStatusEnum } from './alert-enums.type.js';

@InputType()
export class AlertsFilter {
  @Field(() => AlertStatusEnum, { nullable: true }) status?: AlertStatus;
  @Field(() => ID, { nullable: true }) deviceId?: string;
  @Field({ nullable: true, description: 'Rule kind, e.g. device_offline.' }) kind?: string;
  @Field(() => AlertSeverityEnum, { nullable: true }) severity?: AlertSeverity;
}
