import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import type { AlertSeverity } from '../../notifications/alert-notification.types.js';
import type { AlertStatus } from '../alert-kind.constant.js';
import { AlertDetailsScalar } from './alert-details.scalar.js';
import { AlertSeverityEnum, AlertStatusEnum } from './alert-enums.type.js';

@ObjectType({ description: 'One step in the life of an alert.' })
export class AlertEvent {
  @Field(() => ID) id!: string;
  @Field({ description: 'raised, acknowledged or resolved.' }) type!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field(() => AlertDetailsScalar) details!: Record<string, unknown>;
}

@ObjectType({ description: 'A device health alert: firing → acknowledged → resolved.' })
export class Alert {
  @Field(() => ID) id!: string;
  @Field({ description: '<kind>:<deviceId>; at most one open alert per key.' }) dedupeKey!: string;
  @Field({ description: 'Rule kind, e.g. temperature_high (see alertKinds).' }) kind!: string;
  @Field(() => ID) deviceId!: string;
  @Field(() => AlertSeverityEnum) severity!: AlertSeverity;
  @Field(() => AlertStatusEnum) status!: AlertStatus;
  @Field() summary!: string;
  @Field(() => AlertDetailsScalar, { description: 'Measurements and limits when it fired.' })
  details!: Record<string, unknown>;
  @Field(() => GraphQLISODateTime) firedAt!: Date;
  @Field(() => GraphQLISODateTime) lastEvaluatedAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => String, { nullable: true }) acknowledgedBy!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) resolvedAt!: Date | null;
}
