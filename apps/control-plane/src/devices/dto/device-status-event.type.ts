import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class DeviceStatusEvent {
  @Field(() => ID) deviceId!: string;
  @Field() online!: boolean;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => GraphQLISODateTime) at!: Date;
}
