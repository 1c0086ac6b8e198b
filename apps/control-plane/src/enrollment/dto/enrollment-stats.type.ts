import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class EnrollmentFailureCount {
  @Field() reason!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Enrollments this control-plane process answered since it started.' })
export class EnrollmentStats {
  @Field(() => Int) enrolled!: number;
  @Field(() => [EnrollmentFailureCount], { description: 'Refused attempts by reason code.' })
  failures!: EnrollmentFailureCount[];
}
