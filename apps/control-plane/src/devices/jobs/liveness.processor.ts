import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.service.js';
import { EventBus } from '../../pubsub/event-bus.service.js';
import { EventTopic } from '../../pubsub/pubsub.tokens.js';
import { JobName, JobSchedulerId, QueueName } from '../../queue/queue.constants.js';
import { DeviceRepository } from '../device.repository.js';

/**
 * Detects devices that stopped talking without a Last Will (power cut, kill -9 with the broker
 * keeping the TCP session half-open). Runs as one BullMQ job scheduler, so however many workers
 * run, each sweep happens once.
 */
@Processor(QueueName.DeviceLiveness)
export class LivenessProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(LivenessProcessor.name);

  constructor(
    @InjectQueue(QueueName.DeviceLiveness) private readonly queue: Queue,
    private readonly repo: DeviceRepository,
    private readonly events: EventBus,
    private readonly config: AppConfig,
  ) {
    super();
  }

  /** Devices are not timed out for silence from before this process could hear them (a restart). */
  private readonly startedAt = new Date();

  async onModuleInit(): Promise<void> {
    await this.queue.upsertJobScheduler(
      JobSchedulerId.LivenessSweep,
      { every: this.config.get('LIVENESS_SWEEP_MS') },
      { name: JobName.LivenessSweep, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }

  async process(job: Job): Promise<{ markedOffline: number }> {
    if (job.name !== JobName.LivenessSweep) throw new Error(`unknown job ${job.name}`);
    const now = new Date();
    const stale = await this.repo.sweepStale(this.config.get('HEARTBEAT_TIMEOUT_FACTOR'), now, this.startedAt);
    for (const deviceId of stale) {
      await this.events.publish(EventTopic.DeviceStatusChanged, {
        deviceId,
        online: false,
        reason: 'heartbeat_timeout',
        at: now,
      });
    }
    if (stale.length) this.logger.log(`marked ${stale.length} device(s) offline after missed heartbeats`);
    return { markedOffline: stale.length };
  }
}
