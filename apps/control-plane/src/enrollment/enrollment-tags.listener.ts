import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { DeviceStatusEvent } from '../devices/dto/device-status-event.type.js';
import { EventBus } from '../pubsub/event-bus.service.js';
import { EventTopic } from '../pubsub/pubsub.tokens.js';
import { DeviceCredentialRepository } from './device-credential.repository.js';

/**
 * A device enrolled before it ever connected has no registry row to tag yet: its token's tags are
 * applied when it first comes online. Every API replica hears the event; the update is idempotent.
 */
@Injectable()
export class EnrollmentTagsListener implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Enrollment');
  private iterator: AsyncIterableIterator<DeviceStatusEvent> | null = null;

  constructor(
    private readonly events: EventBus,
    private readonly credentials: DeviceCredentialRepository,
  ) {}

  onModuleInit(): void {
    this.iterator = this.events.iterator<DeviceStatusEvent>(EventTopic.DeviceStatusChanged);
    void this.consume(this.iterator);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.iterator?.return?.();
  }

  private async consume(events: AsyncIterableIterator<DeviceStatusEvent>): Promise<void> {
    try {
      for await (const e of events) {
        if (!e.online) continue;
        await this.credentials
          .addTokenTagsAtFirstBirth(e.deviceId)
          .catch((err: Error) => this.logger.warn(`token tags for ${e.deviceId} not applied: ${err.message}`));
      }
    } catch (err) {
      this.logger.error({ err }, 'enrollment tag listener stopped');
    }
  }
}
