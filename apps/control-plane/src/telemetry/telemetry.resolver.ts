import { Args, GraphQLISODateTime, ID, InputType, Field, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator.js';
import { FleetSummary, TelemetryStats } from './dto/fleet-summary.type.js';
import { TelemetryBucket, TelemetryPoint } from './dto/telemetry-point.type.js';
import { TelemetryQueryService } from './telemetry-query.service.js';
import { TelemetryWriter } from './telemetry-writer.service.js';

@InputType()
export class CohortFilter {
  @Field({ nullable: true, description: 'Catalog module id (the hardware class).' }) module?: string;
  @Field({ nullable: true }) tag?: string;
}

@Resolver()
export class TelemetryResolver {
  constructor(
    private readonly queries: TelemetryQueryService,
    private readonly writer: TelemetryWriter,
  ) {}

  @Roles('viewer')
  @Query(() => [TelemetryPoint], { description: 'Time series of one device; default range: the last hour.' })
  deviceTelemetry(
    @Args('deviceId', { type: () => ID }) deviceId: string,
    @Args('from', { type: () => GraphQLISODateTime, nullable: true }) from: Date | null,
    @Args('to', { type: () => GraphQLISODateTime, nullable: true }) to: Date | null,
    @Args('bucket', { type: () => TelemetryBucket, defaultValue: TelemetryBucket.MINUTE }) bucket: TelemetryBucket,
  ): Promise<TelemetryPoint[]> {
    return this.queries.deviceSeries(deviceId, from ?? null, to ?? null, bucket);
  }

  @Roles('viewer')
  @Query(() => [TelemetryPoint], { description: 'Time series over a cohort (module and/or tag).' })
  cohortTelemetry(
    @Args('filter', { type: () => CohortFilter }) filter: CohortFilter,
    @Args('from', { type: () => GraphQLISODateTime, nullable: true }) from: Date | null,
    @Args('to', { type: () => GraphQLISODateTime, nullable: true }) to: Date | null,
    @Args('bucket', { type: () => TelemetryBucket, defaultValue: TelemetryBucket.MINUTE }) bucket: TelemetryBucket,
  ): Promise<TelemetryPoint[]> {
    return this.queries.cohortSeries(
      { ...(filter.module ? { module: filter.module } : {}), ...(filter.tag ? { tag: filter.tag } : {}) },
      from ?? null,
      to ?? null,
      bucket,
    );
  }

  @Roles('viewer')
  @Query(() => FleetSummary)
  fleetSummary(): Promise<FleetSummary> {
    return this.queries.fleetSummary();
  }

  @Roles('viewer')
  @Query(() => TelemetryStats, { description: "This process's telemetry writer: accepted, written, dropped." })
  telemetryStats(): TelemetryStats {
    return this.writer.snapshot();
  }
}
