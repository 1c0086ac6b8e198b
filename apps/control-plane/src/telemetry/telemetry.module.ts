import { Module } from '@nestjs/common';
import { TelemetryQueryRepository } from './telemetry-query.repository.js';
import { TelemetryQueryService } from './telemetry-query.service.js';
import { TelemetryWriter } from './telemetry-writer.service.js';
import { TelemetryRepository } from './telemetry.repository.js';
import { TelemetryResolver } from './telemetry.resolver.js';

/** API side: the batched writer fed by ingest, and the telemetry queries. */
@Module({
  providers: [TelemetryRepository, TelemetryWriter, TelemetryQueryRepository, TelemetryQueryService, TelemetryResolver],
  exports: [TelemetryWriter],
})
export class TelemetryModule {}
