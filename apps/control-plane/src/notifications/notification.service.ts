import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config.service.js';
import { JobName, type JobPayloads, QueueName } from '../queue/queue.constants.js';
import type { AlertNotification, AlertNotificationEvent, AlertNotifier } from './alert-notification.types.js';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import { WebhookEndpointRepository } from './webhook-endpoint.repository.js';
import { isUuid } from '../common/uuid.util.js';
import { webhookJobOptions } from './webhook-job.util.js';

type DeliverWebhookPayload = JobPayloads[typeof JobName.DeliverWebhook];

/** The body every endpoint receives, signed as sent. */
export interface WebhookPayload {
  event: AlertNotificationEvent;
  alert: AlertNotification;
  sentAt: string;
}

/**
 * Fans an alert event out to the subscribed endpoints: one delivery row each (the log and the
 * retry state), then one queued job each, which the worker sends with retries.
 */
@Injectable()
export class NotificationService implements AlertNotifier {
  private readonly logger = new Logger(NotificationService.name);

  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    @InjectQueue(QueueName.WebhookDelivery) private readonly queue: Queue<DeliverWebhookPayload>,
    private readonly config: AppConfig,
  ) {}

  /**
   * Resolves once every delivery is recorded and queued. Rejects if they could not be: rows
   * already written are then marked failed, so the log never shows a delivery that waits forever.
   */
  async notifyAlert(event: AlertNotificationEvent, alert: AlertNotification): Promise<void> {
    const targets = await this.endpoints.findSubscribed(alert.severity);
    if (targets.length === 0) return;
    const payload: WebhookPayload = { event, alert, sentAt: new Date().toISOString() };
    const ids = await this.deliveries.insertPending(
      targets.map((endpoint) => ({
        endpointId: endpoint.id,
        alertId: isUuid(alert.id) ? alert.id : null,
        event,
        payload: payload as unknown as Record<string, unknown>,
      })),
    );
    const policy = {
      attempts: this.config.get('WEBHOOK_MAX_ATTEMPTS'),
      backoffMs: this.config.get('WEBHOOK_BACKOFF_MS'),
    };
    try {
      await this.queue.addBulk(
        ids.map((deliveryId) => ({
          name: JobName.DeliverWebhook,
          data: { deliveryId },
          opts: webhookJobOptions(deliveryId, policy),
        })),
      );
    } catch (err) {
      const reason = `not queued: ${err instanceof Error ? err.message : String(err)}`;
      await this.deliveries
        .abandon(ids, reason)
        .catch((e: Error) => this.logger.error(`could not mark unqueued deliveries failed: ${e.message}`));
      throw err;
    }
  }
}
