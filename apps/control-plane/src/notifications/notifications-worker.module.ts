import { Module } from '@nestjs/common';
import { WebhookDeliveryProcessor } from './jobs/webhook-delivery.processor.js';
import { NotificationsModule } from './notifications.module.js';
import { WebhookHttpClient } from './webhook-http.client.js';

/** The BullMQ side of notifications: sends queued webhook deliveries. Only in processes that run workers. */
@Module({ imports: [NotificationsModule], providers: [WebhookHttpClient, WebhookDeliveryProcessor] })
export class NotificationsWorkerModule {}
