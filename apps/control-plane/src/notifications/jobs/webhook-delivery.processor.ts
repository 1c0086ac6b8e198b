import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { AppConfig } from '../../config/app-config.service.js';
import { JobName, type JobPayloads, QueueName } from '../../queue/queue.constants.js';
import { DeliveryStatus, WebhookDeliveryRepository } from '../webhook-delivery.repository.js';
import { WebhookHttpClient } from '../webhook-http.client.js';
import { isFinalAttempt } from '../webhook-job.util.js';
import { WebhookHeader, signWebhook } from '../webhook-signature.util.js';

type DeliverWebhookJob = Job<JobPayloads[typeof JobName.DeliverWebhook]>;

export type DeliveryOutcome = 'delivered' | 'gone' | 'already-final' | 'endpoint-disabled';

export class WebhookDeliveryFailedError extends Error {
  override name = 'WebhookDeliveryFailedError';
}

/**
 * Sends one delivery per job. Many run at once (WEBHOOK_CONCURRENCY) and each try is bounded by
 * WEBHOOK_TIMEOUT_MS, so a slow or dead endpoint only holds its own slots. A failed try is
 * recorded and rethrown for BullMQ to retry with backoff; the last one closes the delivery as
 * failed. Safe to run twice: a delivery no longer pending is left alone.
 */
@Processor(QueueName.WebhookDelivery, { concurrency: 20 })
export class WebhookDeliveryProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookDeliveryProcessor.name);

  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly http: WebhookHttpClient,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // The decorator is static; the worker exists by now and takes a new concurrency live.
    this.worker.concurrency = this.config.get('WEBHOOK_CONCURRENCY');
  }

  async process(job: DeliverWebhookJob): Promise<DeliveryOutcome> {
    if (job.name !== JobName.DeliverWebhook) throw new UnrecoverableError(`unknown job ${job.name}`);
    const { deliveryId } = job.data;
    const target = await this.deliveries.findTarget(deliveryId);
    // Deleted with its endpoint, or finished by an earlier run of this job.
    if (!target) return 'gone';
    if (target.status !== DeliveryStatus.Pending) return 'already-final';
    if (!target.enabled) {
      await this.deliveries.abandon([deliveryId], 'endpoint disabled before delivery');
      return 'endpoint-disabled';
    }

    const body = JSON.stringify(target.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const result = await this.http.post({
      url: target.url,
      body,
      timeoutMs: this.config.get('WEBHOOK_TIMEOUT_MS'),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'jetfleet-webhooks/1',
        [WebhookHeader.Event]: target.event,
        [WebhookHeader.Delivery]: deliveryId,
        [WebhookHeader.Timestamp]: String(timestamp),
        [WebhookHeader.Signature]: signWebhook(target.secret, timestamp, body),
      },
    });
    if (result.ok) {
      await this.deliveries.markSucceeded(deliveryId, result.statusCode, new Date());
      return 'delivered';
    }

    const final = isFinalAttempt(job);
    const recorded = await this.deliveries.recordFailure(deliveryId, result.statusCode, result.error, final);
    // Not pending any more: a concurrent run of this job already closed it.
    if (!recorded) return 'already-final';
    const what = `webhook delivery ${deliveryId} to ${new URL(target.url).origin}`;
    const attempt = `try ${job.attemptsMade + 1}/${job.opts.attempts ?? 1}`;
    if (final) this.logger.warn(`${what} failed for good (${attempt}): ${result.error}`);
    else this.logger.debug(`${what} failed (${attempt}), will retry: ${result.error}`);
    throw new WebhookDeliveryFailedError(result.error);
  }
}
