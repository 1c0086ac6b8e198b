import { Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator.js';
import { GraphqlRequestStats } from './dto/graphql-request-stats.type.js';
import { RequestRejectionsService } from './request-rejections.service.js';

@Resolver(() => GraphqlRequestStats)
export class RequestRejectionsResolver {
  constructor(private readonly rejections: RequestRejectionsService) {}

  @Roles('viewer')
  @Query(() => GraphqlRequestStats)
  graphqlRequestStats(): GraphqlRequestStats {
    return { rejected: Object.entries(this.rejections.snapshot()).map(([key, count]) => ({ key, count })) };
  }
}
