import { Module } from '@nestjs/common';
import { BuildsModule } from '../builds/builds.module.js';
import { DevicesModule } from '../devices/devices.module.js';
import { RolloutsModule } from '../rollouts/rollouts.module.js';
import { TelemetryModule } from '../telemetry/telemetry.module.js';
import { IngestStatsService } from './ingest-stats.service.js';
import { IngestResolver } from './ingest.resolver.js';
import { IngestService } from './ingest.service.js';

@Module({
  imports: [DevicesModule, TelemetryModule, BuildsModule, RolloutsModule],
  providers: [IngestService, IngestStatsService, IngestResolver],
})
export class IngestModule {}
