import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Hardware facts the device reported in its birth message.' })
export class HardwareFacts {
  @Field({ nullable: true }) moduleName?: string;
  @Field(() => String, { nullable: true }) soc!: string | null;
  @Field(() => String, { nullable: true }) l4t!: string | null;
  @Field(() => String, { nullable: true }) jetpack!: string | null;
  @Field(() => String, { nullable: true }) tensorrt!: string | null;
  @Field(() => String, { nullable: true }) cuda!: string | null;
  @Field(() => String, { nullable: true, description: 'GPU compute capability, e.g. "8.7".' })
  smArch!: string | null;
  @Field(() => Int) dlaCores!: number;
  @Field(() => Int) cpuCores!: number;
  @Field(() => Int) ramTotalMB!: number;
  @Field(() => Int) diskTotalMB!: number;
  @Field(() => Int) diskFreeMB!: number;
  @Field(() => String, { nullable: true }) powerMode!: string | null;
  @Field() simulated!: boolean;
}

@ObjectType()
export class Temperature {
  @Field() zone!: string;
  @Field(() => Float) celsius!: number;
}

@ObjectType({ description: 'The most recent telemetry sample a device sent.' })
export class TelemetrySnapshot {
  @Field(() => GraphQLISODateTime) ts!: Date;
  @Field(() => Float, { nullable: true, description: 'Board power; null when the module cannot measure it.' })
  powerMw!: number | null;
  @Field(() => Float, { nullable: true }) gpuLoadPct!: number | null;
  @Field(() => Float, { nullable: true }) cpuLoadPct!: number | null;
  @Field(() => String, { nullable: true }) powerMode!: string | null;
  @Field(() => Float, { nullable: true }) gpuFreqMHz!: number | null;
  @Field(() => Float, { nullable: true }) ramUsedMB!: number | null;
  @Field(() => Float, { nullable: true, description: 'Inference latency p95 of the active engine.' })
  latencyP95Ms!: number | null;
  @Field(() => Float, { nullable: true }) fps!: number | null;
  @Field(() => Float, { nullable: true, description: 'Last AP50 measured on the golden set.' }) ap50!: number | null;
  @Field(() => [Temperature]) temps!: Temperature[];
}

@ObjectType()
export class Device {
  @Field(() => ID) id!: string;
  @Field({ description: 'Catalog id of the Jetson module, e.g. "orin-nx-16gb".' }) module!: string;
  @Field() online!: boolean;
  @Field(() => String, { nullable: true, description: 'lwt, shutdown or heartbeat_timeout.' })
  offlineReason!: string | null;
  @Field(() => GraphQLISODateTime) lastSeenAt!: Date;
  @Field(() => GraphQLISODateTime) firstSeenAt!: Date;
  @Field(() => GraphQLISODateTime) statusChangedAt!: Date;
  @Field() agentVersion!: string;
  @Field(() => Int) protocolVersion!: number;
  @Field(() => Float) heartbeatSec!: number;
  @Field(() => [String]) tags!: string[];
  @Field(() => HardwareFacts) hardware!: HardwareFacts;
  @Field(() => TelemetrySnapshot, { nullable: true }) latestTelemetry!: TelemetrySnapshot | null;
}
