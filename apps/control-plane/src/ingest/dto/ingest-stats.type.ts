import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class CountByKey {
  @Field() key!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Device messages this control-plane process accepted and rejected since it started.' })
export class IngestStats {
  @Field(() => [CountByKey], { description: 'Accepted messages by channel.' }) accepted!: CountByKey[];
  @Field(() => [CountByKey], { description: 'Rejected messages by reason.' }) rejected!: CountByKey[];
}
