import { Injectable, Logger } from '@nestjs/common';
import { EventBus } from '../pubsub/event-bus.service.js';
import { EventTopic } from '../pubsub/pubsub.tokens.js';
import { toBuildProgressEvent } from './build.mapper.js';
import type { EngineBuildRow } from './engine-build.repository.js';

/** Announces build changes to `buildProgress` subscribers on every API replica. Never throws. */
@Injectable()
export class BuildEvents {
  private readonly logger = new Logger(BuildEvents.name);

  constructor(private readonly bus: EventBus) {}

  async changed(...rows: (EngineBuildRow | undefined)[]): Promise<void> {
    const at = new Date();
    for (const row of rows) {
      if (!row) continue;
      await this.bus
        .publish(EventTopic.BuildProgress, toBuildProgressEvent(row, at))
        .catch((err: Error) => this.logger.warn(`build event not published: ${err.message}`));
    }
  }
}
