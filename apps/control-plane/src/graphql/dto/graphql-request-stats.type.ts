import { Field, ObjectType } from '@nestjs/graphql';
import { CountByKey } from '../../ingest/dto/ingest-stats.type.js';

@ObjectType({
  description: 'GraphQL requests this control-plane process refused without running them, since it started.',
})
export class GraphqlRequestStats {
  @Field(() => [CountByKey], { description: 'Refused requests by error code.' }) rejected!: CountByKey[];
}
