import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description: 'An HTTP endpoint that receives signed device-health alerts. Its secret is never shown again.',
})
export class WebhookEndpoint {
  @Field(() => ID) id!: string;
  @Field() url!: string;
  @Field(() => [String], { description: 'Alert severities delivered here: info, warning, critical.' })
  severities!: string[];
  @Field() enabled!: boolean;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}
