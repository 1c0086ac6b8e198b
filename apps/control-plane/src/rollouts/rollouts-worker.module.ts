import { Module } from '@nestjs/common';
import { BuildsModule } from '../builds/builds.module.js';
import { RolloutProcessor } from './jobs/rollout.processor.js';
import { RolloutController } from './rollout-controller.service.js';
import { RolloutDeployer } from './rollout-deployer.service.js';
import { RolloutEngines } from './rollout-engines.service.js';
import { RolloutGate } from './rollout-gate.service.js';
import { RolloutStageStarter } from './rollout-stage-starter.service.js';
import { RolloutsModule } from './rollouts.module.js';

/** The BullMQ side of rollouts: the state machine's steps. Only in processes that run workers. */
@Module({
  imports: [RolloutsModule, BuildsModule],
  providers: [RolloutStageStarter, RolloutEngines, RolloutDeployer, RolloutGate, RolloutController, RolloutProcessor],
})
export class RolloutsWorkerModule {}
