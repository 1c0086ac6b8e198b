import { Field, Float, GraphQLISODateTime, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum TelemetryBucket {
  RAW = 'RAW',
  MINUTE = 'MINUTE',
  HOUR = 'HOUR',
}
registerEnumType(TelemetryBucket, {
  name: 'TelemetryBucket',
  description: 'RAW reads samples; MINUTE and HOUR read the rollups the worker maintains.',
});

@ObjectType({ description: 'One point of a telemetry series; power in mW, null where not measured.' })
export class TelemetryPoint {
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field(() => Int, { description: 'Samples in the bucket (1 for RAW).' }) samples!: number;
  @Field(() => Int, { description: 'Devices contributing (cohort series).' }) devices!: number;
  @Field(() => Float, { nullable: true }) powerMeanMw!: number | null;
  @Field(() => Float, { nullable: true }) powerMaxMw!: number | null;
  @Field(() => Float, { nullable: true }) latencyP95Ms!: number | null;
  @Field(() => Float, { nullable: true }) tempMaxC!: number | null;
  @Field(() => Float, { nullable: true }) gpuLoadMeanPct!: number | null;
  @Field(() => Float, { nullable: true }) ap50!: number | null;
}
