import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { EngineBuildStateEnum } from './engine-build.type.js';

@ObjectType({ description: 'A change of an engine build: state, attempt, builder or progress.' })
export class BuildProgressEvent {
  @Field(() => ID) buildId!: string;
  @Field(() => ID) modelVersionId!: string;
  @Field() compatKey!: string;
  @Field(() => EngineBuildStateEnum) state!: EngineBuildStateEnum;
  @Field(() => Int) attempt!: number;
  @Field(() => Int) maxAttempts!: number;
  @Field(() => String, { nullable: true }) builderDeviceId!: string | null;
  @Field(() => Float, { nullable: true }) progressPct!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => String, { nullable: true }) engineSha256!: string | null;
  @Field(() => GraphQLISODateTime) at!: Date;
}
