import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A token devices present once each to enroll; its secret is never shown again.' })
export class EnrollmentToken {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => [String], { description: 'Tags given to every device enrolled with it.' }) tags!: string[];
  @Field(() => String, { nullable: true, description: 'Device ids enrolled with it must start with this.' })
  deviceIdPrefix!: string | null;
  @Field(() => Int) maxUses!: number;
  @Field(() => Int) uses!: number;
  @Field(() => GraphQLISODateTime) expiresAt!: Date;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) revokedAt!: Date | null;
  @Field({ description: 'active, expired, revoked or used_up.' }) state!: string;
}
