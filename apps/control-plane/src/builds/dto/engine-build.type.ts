import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { BuildRecipe } from './build-recipe.type.js';

export const EngineBuildStateEnum = {
  QUEUED: 'queued',
  DISPATCHED: 'dispatched',
  BUILDING: 'building',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  TIMED_OUT: 'timed_out',
  CANCELLED: 'cancelled',
} as const;
export type EngineBuildStateEnum = (typeof EngineBuildStateEnum)[keyof typeof EngineBuildStateEnum];
registerEnumType(EngineBuildStateEnum, {
  name: 'EngineBuildState',
  description:
    'queued → dispatched → building → succeeded | failed | timed_out | cancelled; a failed attempt with attempts left goes back to queued.',
});

@ObjectType({ description: 'One statistic of the trtexec performance summary.' })
export class PerfStat {
  @Field({ description: 'min, max, mean, median, percentile(90) …' }) name!: string;
  @Field(() => Float) ms!: number;
}

@ObjectType({ description: "trtexec's performance summary on the builder." })
export class EnginePerf {
  @Field(() => String, { nullable: true }) trtVersion!: string | null;
  @Field(() => Float, { nullable: true }) throughputQps!: number | null;
  @Field(() => [PerfStat]) latencyMs!: PerfStat[];
  @Field(() => [PerfStat]) gpuComputeMs!: PerfStat[];
}

@ObjectType({ description: 'One TensorRT engine build for (model version, recipe, compatibility class).' })
export class EngineBuild {
  @Field(() => ID) id!: string;
  @Field(() => ID) modelVersionId!: string;
  @Field(() => BuildRecipe) recipe!: BuildRecipe;
  @Field({ description: 'sha256 of the canonical JSON of the recipe.' }) recipeHash!: string;
  @Field({ description: 'GPU SM arch, TensorRT version, precision, DLA, shapes, plugins.' }) compatKey!: string;
  @Field(() => EngineBuildStateEnum) state!: EngineBuildStateEnum;
  @Field(() => String, { nullable: true, description: 'Device running (or that ran) the current attempt.' })
  builderDeviceId!: string | null;
  @Field(() => Int, { description: 'Attempts dispatched so far.' }) attempt!: number;
  @Field(() => Int) maxAttempts!: number;
  @Field(() => [String], { description: 'Devices whose attempt failed; retries go elsewhere.' })
  triedDevices!: string[];
  @Field(() => Float, { nullable: true }) progressPct!: number | null;
  @Field(() => String, { nullable: true, description: 'Why the last attempt (or the build) failed.' })
  error!: string | null;
  @Field(() => String, { nullable: true }) engineSha256!: string | null;
  @Field(() => Float, { nullable: true }) engineSizeBytes!: number | null;
  @Field(() => EnginePerf, { nullable: true }) perf!: EnginePerf | null;
  @Field(() => String, { nullable: true, description: 'Tail of the trtexec log.' }) logTail!: string | null;
  @Field(() => Int, { nullable: true, description: 'Build time on the device.' }) durationMs!: number | null;
  @Field(() => GraphQLISODateTime, { description: 'When the build (or its current retry) was queued.' })
  queuedAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) dispatchedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) startedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) finishedAt!: Date | null;
}
