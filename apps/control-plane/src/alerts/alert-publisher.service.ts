import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ALERT_NOTIFIER,
  type AlertNotificationEvent,
  type AlertNotifier,
} from '../notifications/alert-notification.types.js';
import { EventBus } from '../pubsub/event-bus.service.js';
import { EventTopic } from '../pubsub/pubsub.tokens.js';
import { toAlertNotification } from './alert.mapper.js';
import type { Alert } from './dto/alert.type.js';

/**
 * Tells the world about an alert change that is already committed: GraphQL subscribers through
 * the event bus, webhooks through the notifier. Failures are logged, never thrown: the alert
 * itself is stored, and the caller must not undo or repeat it.
 */
@Injectable()
export class AlertPublisher {
  private readonly logger = new Logger(AlertPublisher.name);

  constructor(
    private readonly events: EventBus,
    @Inject(ALERT_NOTIFIER) private readonly notifier: AlertNotifier,
  ) {}

  async announce(event: AlertNotificationEvent, alert: Alert): Promise<void> {
    const topic = event === 'alert.raised' ? EventTopic.AlertRaised : EventTopic.AlertUpdated;
    await Promise.all([
      this.events
        .publish(topic, alert)
        .catch((err: Error) => this.logger.warn(`${event} ${alert.id} not published: ${err.message}`)),
      this.notifier
        .notifyAlert(event, toAlertNotification(alert))
        .catch((err: Error) => this.logger.error(`${event} ${alert.id} not handed to notifications: ${err.message}`)),
    ]);
  }
}
