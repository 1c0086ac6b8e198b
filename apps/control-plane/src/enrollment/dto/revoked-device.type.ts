import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A device whose broker credentials were deleted; it was disconnected if connected.' })
export class RevokedDevice {
  @Field(() => ID) deviceId!: string;
  @Field(() => GraphQLISODateTime) revokedAt!: Date;
}
