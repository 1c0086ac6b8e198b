import { Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator.js';
import { IngestStats } from './dto/ingest-stats.type.js';
import { IngestStatsService } from './ingest-stats.service.js';

const toList = (m: Record<string, number>) => Object.entries(m).map(([key, count]) => ({ key, count }));

@Resolver(() => IngestStats)
export class IngestResolver {
  constructor(private readonly stats: IngestStatsService) {}

  @Roles('viewer')
  @Query(() => IngestStats)
  ingestStats(): IngestStats {
    const { accepted, rejected } = this.stats.snapshot();
    return { accepted: toList(accepted), rejected: toList(rejected) };
  }
}
