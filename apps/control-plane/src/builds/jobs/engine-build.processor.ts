import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { type OnModuleInit } from '@nestjs/common';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import { AppConfig } from '../../config/app-config.service.js';
import { JobName, type JobPayloads, JobSchedulerId, QueueName } from '../../queue/queue.constants.js';
import { BuildDispatchService } from '../build-dispatch.service.js';
import { BuildWatchdogService } from '../build-watchdog.service.js';
import { EngineDistributionService } from '../engine-distribution.service.js';

type StepName =
  | typeof JobName.DispatchBuilds
  | typeof JobName.BuildWatchdog
  | typeof JobName.DistributeEngine
  | typeof JobName.LocalFallbackBuilds;

type StepJob = { [N in StepName]: Job<JobPayloads[N], unknown, N> }[StepName];

/**
 * The engine-build state machine's steps. Each reads its state from Postgres and changes it with
 * conditional updates, so a step run twice, late, or on two workers at once does no harm; the
 * watchdog (one job scheduler however many workers) makes up for any step lost.
 */
@Processor(QueueName.EngineBuilds)
export class EngineBuildProcessor extends WorkerHost implements OnModuleInit {
  constructor(
    @InjectQueue(QueueName.EngineBuilds) private readonly queue: Queue,
    private readonly dispatch: BuildDispatchService,
    private readonly watchdog: BuildWatchdogService,
    private readonly distribution: EngineDistributionService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.queue.upsertJobScheduler(
      JobSchedulerId.BuildWatchdog,
      { every: this.config.get('BUILD_WATCHDOG_MS') },
      { name: JobName.BuildWatchdog, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }

  async process(job: Job): Promise<unknown> {
    const step = job as StepJob;
    switch (step.name) {
      case JobName.DispatchBuilds:
        return this.dispatch.dispatchDue();
      case JobName.BuildWatchdog:
        return this.watchdog.run();
      case JobName.DistributeEngine:
        return this.distribution.distribute(step.data.buildId);
      case JobName.LocalFallbackBuilds:
        return this.distribution.sendLocalBuilds(step.data.buildId, step.data.deviceIds);
      default:
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  }
}
