import { Module } from '@nestjs/common';
import { BuildsModule } from '../builds/builds.module.js';
import { DesiredModule } from '../desired/desired.module.js';
import { PowerModeResolver } from '../desired/power-mode.resolver.js';
import { DeviceReportService } from './device-report.service.js';
import { CohortMetricsRepository } from './gates/cohort-metrics.repository.js';
import { RolloutCommands } from './rollout-commands.service.js';
import { RolloutDesired } from './rollout-desired.service.js';
import { RolloutEvents } from './rollout-events.service.js';
import { RolloutProgress } from './rollout-progress.service.js';
import { RolloutQueue } from './rollout-queue.service.js';
import { RolloutReportHandler } from './rollout-report.handler.js';
import { RolloutRollback } from './rollout-rollback.service.js';
import { RolloutTargets } from './rollout-targets.service.js';
import { RolloutRepository } from './rollout.repository.js';
import { RolloutResolver } from './rollout.resolver.js';

const providers = [
  RolloutRepository,
  RolloutTargets,
  CohortMetricsRepository,
  RolloutQueue,
  RolloutEvents,
  RolloutProgress,
  RolloutDesired,
  RolloutRollback,
  RolloutCommands,
  RolloutReportHandler,
  DeviceReportService,
];

/** Rollouts for the API: operator commands, queries, the subscription, and device reports from the ingest. */
@Module({
  imports: [DesiredModule, BuildsModule],
  providers: [...providers, RolloutResolver, PowerModeResolver],
  exports: [...providers, DesiredModule],
})
export class RolloutsModule {}
