import { Module } from '@nestjs/common';
import { BuildDispatchService } from './build-dispatch.service.js';
import { BuildWatchdogService } from './build-watchdog.service.js';
import { BuildsModule } from './builds.module.js';
import { EngineDistributionService } from './engine-distribution.service.js';
import { EngineBuildProcessor } from './jobs/engine-build.processor.js';

/** The BullMQ side of builds: dispatch, watchdog, engine distribution. Only in processes that run workers. */
@Module({
  imports: [BuildsModule],
  providers: [BuildDispatchService, BuildWatchdogService, EngineDistributionService, EngineBuildProcessor],
})
export class BuildsWorkerModule {}
