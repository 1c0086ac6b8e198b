import { Field, ObjectType } from '@nestjs/graphql';
import { EnrollmentToken } from './enrollment-token.type.js';

@ObjectType()
export class CreatedEnrollmentToken {
  @Field({ description: 'The secret to give to devices (jetfleet-agent enroll --token). Shown only here.' })
  token!: string;
  @Field(() => EnrollmentToken) enrollmentToken!: EnrollmentToken;
}
