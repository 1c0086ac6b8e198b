import { Field, InputType } from '@nestjs/graphql';

@InputType()
export class CreateWebhookEndpointInput {
  @Field({ description: 'Absolute http(s) URL the alerts are POSTed to.' }) url!: string;
  @Field(() => [String], { description: 'Non-empty subset of info, warning, critical.' }) severities!: string[];
  @Field(() => String, {
    nullable: true,
    description: 'Signing secret, 16-256 printable characters; generated when omitted.',
  })
  secret?: string | null;
}
