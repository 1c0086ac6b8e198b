import { Field, InputType } from '@nestjs/graphql';

@InputType({ description: 'Fields to change; omitted ones keep their value.' })
export class UpdateWebhookEndpointInput {
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => [String], { nullable: true }) severities?: string[] | null;
  @Field(() => Boolean, { nullable: true }) enabled?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Replaces the signing secret (rotation).' })
  secret?: string | null;
}
