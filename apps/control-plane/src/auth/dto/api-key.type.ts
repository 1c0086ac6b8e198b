import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

/** Operator roles as GraphQL spells them; the values are the stored strings. */
export enum ApiKeyRole {
  VIEWER = 'viewer',
  OPERATOR = 'operator',
  ADMIN = 'admin',
}

registerEnumType(ApiKeyRole, {
  name: 'ApiKeyRole',
  description: 'viewer reads; operator also changes the fleet; admin also manages keys and reads the audit log.',
});

@ObjectType({ description: 'An operator API key. Its secret is shown only by createApiKey.' })
export class ApiKey {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: 'Public part of the key (jf_<prefix>_…), to tell keys apart.' }) prefix!: string;
  @Field(() => ApiKeyRole) role!: ApiKeyRole;
  @Field(() => String, { nullable: true, description: 'Id of the key that created it; null for the bootstrap key.' })
  createdBy!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Updated at most once a minute.' })
  lastUsedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) expiresAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field({
    description: 'The key itself: send it as "Authorization: Bearer <key>". It is not stored and never shown again.',
  })
  key!: string;
  @Field(() => ApiKey) apiKey!: ApiKey;
}
