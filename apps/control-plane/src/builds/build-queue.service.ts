import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JobName, type JobPayloads, QueueName } from '../queue/queue.constants.js';

type Payload = JobPayloads[
  typeof JobName.DispatchBuilds | typeof JobName.DistributeEngine | typeof JobName.LocalFallbackBuilds];

const opts = { removeOnComplete: true, removeOnFail: 100 } as const;

/**
 * Producer side of the engine-builds queue. Every step is safe to run twice (conditional
 * updates in Postgres), so jobs carry no dedupe ids and a lost one is made up by the watchdog.
 */
@Injectable()
export class BuildQueue {
  constructor(@InjectQueue(QueueName.EngineBuilds) private readonly queue: Queue<Payload>) {}

  /** A dispatch sweep after `delayMs` (a retry's backoff), or at once. */
  async dispatchSoon(delayMs = 0): Promise<void> {
    await this.queue.add(JobName.DispatchBuilds, {}, { ...opts, ...(delayMs > 0 ? { delay: delayMs } : {}) });
  }

  async distribute(buildId: string): Promise<void> {
    await this.queue.add(JobName.DistributeEngine, { buildId }, opts);
  }

  async localFallback(buildId: string, deviceIds: string[]): Promise<void> {
    await this.queue.add(JobName.LocalFallbackBuilds, { buildId, deviceIds }, opts);
  }
}
