import { Field, ID, InputType } from '@nestjs/graphql';

@InputType({ description: 'Which devices get the engine; the given parts combine with AND.' })
export class DeviceSelectorInput {
  @Field(() => [ID], { nullable: true }) deviceIds?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Catalog module id.' }) module?: string | null;
  @Field(() => String, { nullable: true }) tag?: string | null;
  @Field(() => Boolean, { nullable: true }) online?: boolean | null;
}
