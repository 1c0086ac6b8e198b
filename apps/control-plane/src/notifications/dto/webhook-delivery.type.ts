import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One alert event sent (or being sent) to one endpoint.' })
export class WebhookDelivery {
  @Field(() => ID) id!: string;
  @Field(() => ID) endpointId!: string;
  @Field(() => ID, { nullable: true }) alertId!: string | null;
  @Field({ description: 'alert.raised, alert.updated, alert.acknowledged or alert.resolved.' }) event!: string;
  @Field({ description: 'pending (queued or waiting for a retry), succeeded or failed (no retry left).' })
  status!: string;
  @Field(() => Int, { description: 'HTTP requests made so far.' }) attempts!: number;
  @Field(() => Int, { nullable: true }) lastStatusCode!: number | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) deliveredAt!: Date | null;
}
