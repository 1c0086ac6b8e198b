import { Injectable, Logger } from '@nestjs/common';
import { EventBus } from '../pubsub/event-bus.service.js';
import { EventTopic } from '../pubsub/pubsub.tokens.js';

export interface RolloutProgressPayload {
  rolloutId: string;
  state: string;
  currentStage: number;
  stageState: string | null;
  /** Deployment state → devices, over the whole rollout. */
  counts: Record<string, number>;
  message: string | null;
  at: Date;
}

/** Announces rollout changes to `rolloutProgress` subscribers on every API replica. Never throws. */
@Injectable()
export class RolloutEvents {
  private readonly logger = new Logger(RolloutEvents.name);

  constructor(private readonly bus: EventBus) {}

  async changed(payload: RolloutProgressPayload): Promise<void> {
    await this.bus
      .publish(EventTopic.RolloutProgress, payload)
      .catch((err: Error) => this.logger.warn(`rollout event not published: ${err.message}`));
  }
}
