import { Field, InputType } from '@nestjs/graphql';

@InputType()
export class DevicesFilter {
  @Field({ nullable: true }) online?: boolean;
  @Field({ nullable: true, description: 'Catalog module id, e.g. "agx-orin-64gb".' }) module?: string;
  @Field({ nullable: true, description: 'Only devices carrying this tag.' }) tag?: string;
}
