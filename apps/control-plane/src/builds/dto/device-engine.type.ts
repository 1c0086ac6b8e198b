import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export const DeviceEngineStateEnum = {
  PENDING: 'pending',
  FETCHING: 'fetching',
  BUILT_LOCALLY: 'built_locally',
  READY: 'ready',
  FAILED: 'failed',
} as const;
export type DeviceEngineStateEnum = (typeof DeviceEngineStateEnum)[keyof typeof DeviceEngineStateEnum];
registerEnumType(DeviceEngineStateEnum, { name: 'DeviceEngineState' });

@ObjectType({ description: "A device's engine for (model version, recipe): waiting, fetching, or held." })
export class DeviceEngine {
  @Field(() => ID) deviceId!: string;
  @Field(() => ID) modelVersionId!: string;
  @Field() recipeHash!: string;
  @Field() compatKey!: string;
  @Field(() => DeviceEngineStateEnum) state!: DeviceEngineStateEnum;
  @Field(() => String, { nullable: true }) engineSha256!: string | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}
