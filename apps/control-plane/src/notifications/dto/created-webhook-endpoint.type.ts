import { Field, ObjectType } from '@nestjs/graphql';
import { WebhookEndpoint } from './webhook-endpoint.type.js';

@ObjectType()
export class CreatedWebhookEndpoint {
  @Field(() => WebhookEndpoint) endpoint!: WebhookEndpoint;
  @Field({ description: 'The signing secret. Shown only here: store it now.' }) secret!: string;
}
