import { Field, ID, InputType } from '@nestjs/graphql';
import { EngineBuildStateEnum } from './engine-build.type.js';

@InputType()
export class EngineBuildsFilter {
  @Field(() => ID, { nullable: true }) modelVersionId?: string | null;
  @Field(() => String, { nullable: true }) compatKey?: string | null;
  @Field(() => EngineBuildStateEnum, { nullable: true }) state?: EngineBuildStateEnum | null;
}
