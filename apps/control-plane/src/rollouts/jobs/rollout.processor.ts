import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleInit } from '@nestjs/common';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import { AppConfig } from '../../config/app-config.service.js';
import { JobName, type JobPayloads, JobSchedulerId, QueueName } from '../../queue/queue.constants.js';
import { RolloutController } from '../rollout-controller.service.js';
import { RolloutQueue } from '../rollout-queue.service.js';
import { RolloutRepository } from '../rollout.repository.js';

type StepJob =
  | Job<JobPayloads[typeof JobName.RolloutStep], unknown, typeof JobName.RolloutStep>
  | Job<JobPayloads[typeof JobName.RolloutTick], unknown, typeof JobName.RolloutTick>;

/** Runs rollout steps, and a tick that wakes every active rollout (for bakes ending, devices going silent, lost steps). */
@Processor(QueueName.Rollouts, { concurrency: 4 })
export class RolloutProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(RolloutProcessor.name);

  constructor(
    @InjectQueue(QueueName.Rollouts) private readonly queue: Queue,
    private readonly controller: RolloutController,
    private readonly steps: RolloutQueue,
    private readonly repo: RolloutRepository,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.queue.upsertJobScheduler(
      JobSchedulerId.RolloutTick,
      { every: this.config.get('ROLLOUT_TICK_MS') },
      { name: JobName.RolloutTick, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }

  /** A failed step is retried by the next wake-up or tick; the reason must not vanish with it. */
  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    this.logger.error({ err, job: job?.name, data: job?.data as unknown }, `rollout job failed: ${err.message}`);
  }

  async process(job: Job): Promise<unknown> {
    const step = job as StepJob;
    switch (step.name) {
      case JobName.RolloutStep:
        return this.controller.step(step.data.rolloutId);
      case JobName.RolloutTick: {
        const ids = await this.repo.activeIds();
        for (const id of ids) await this.steps.tickStep(id);
        return ids.length;
      }
      default:
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  }
}
