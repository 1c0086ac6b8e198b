import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One mutation: who, what, when, with which input, and how it ended.' })
export class AuditEntry {
  @Field(() => ID) id!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field(() => ID, { nullable: true, description: 'The API key used; null when none was valid.' })
  actorKeyId!: string | null;
  @Field(() => String, { nullable: true }) actorName!: string | null;
  @Field(() => String, { nullable: true }) role!: string | null;
  @Field({ description: 'The mutation, e.g. setDeviceTags.' }) action!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The arguments as JSON: secrets redacted, long values truncated.',
  })
  input!: string | null;
  @Field({ description: 'ok or error.' }) outcome!: string;
  @Field(() => String, { nullable: true, description: 'The error code when outcome is error.' })
  errorCode!: string | null;
}

@ObjectType()
export class AuditEntryEdge {
  @Field() cursor!: string;
  @Field(() => AuditEntry) node!: AuditEntry;
}

@ObjectType()
export class AuditPageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType({ description: 'Audit entries, newest first.' })
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge]) edges!: AuditEntryEdge[];
  @Field(() => AuditPageInfo) pageInfo!: AuditPageInfo;
}
