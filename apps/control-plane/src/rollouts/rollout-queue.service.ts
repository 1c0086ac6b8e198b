import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JobName, type JobPayloads, QueueName } from '../queue/queue.constants.js';

/**
 * Producer of rollout steps. Steps of one rollout are deduplicated with `keepLastIfActive`: at
 * most one runs and one waits, so steps never run in parallel for a rollout and a wake-up that
 * arrives while a step runs is never lost (it becomes the waiting one).
 */
@Injectable()
export class RolloutQueue {
  private readonly logger = new Logger(RolloutQueue.name);

  constructor(
    @InjectQueue(QueueName.Rollouts) private readonly queue: Queue<JobPayloads[typeof JobName.RolloutStep]>,
  ) {}

  async step(rolloutId: string, delayMs = 0): Promise<void> {
    await this.queue.add(
      JobName.RolloutStep,
      { rolloutId },
      {
        removeOnComplete: true,
        removeOnFail: 100,
        deduplication: { id: `rollout:${rolloutId}`, keepLastIfActive: true },
        ...(delayMs > 0 ? { delay: delayMs } : {}),
      },
    );
  }

  /**
   * The tick's step skips deduplication: should a deduplication key outlive its job (a worker killed
   * mid-step), event-driven steps would be folded into a job that never comes, and only the tick
   * keeps the rollout moving. The controller's advisory lock keeps it from running beside another.
   */
  async tickStep(rolloutId: string): Promise<void> {
    await this.queue.add(JobName.RolloutStep, { rolloutId }, { removeOnComplete: true, removeOnFail: 100 });
  }

  /** For callers that must not fail because Redis hiccupped: the tick makes up for a lost step. */
  stepSoon(rolloutId: string): void {
    this.step(rolloutId).catch((err: Error) =>
      this.logger.warn(`rollout ${rolloutId} step not queued: ${err.message}`),
    );
  }
}
