import { Module } from '@nestjs/common';
import { ALERT_NOTIFIER } from './alert-notification.types.js';
import { NotificationService } from './notification.service.js';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import { WebhookEndpointRepository } from './webhook-endpoint.repository.js';
import { WebhookEndpointService } from './webhook-endpoint.service.js';
import { WebhookResolver } from './webhook.resolver.js';

/** Webhook endpoints, the delivery log, and ALERT_NOTIFIER for the alerts feature. */
@Module({
  providers: [
    WebhookEndpointRepository,
    WebhookDeliveryRepository,
    WebhookEndpointService,
    NotificationService,
    WebhookResolver,
    { provide: ALERT_NOTIFIER, useExisting: NotificationService },
  ],
  exports: [ALERT_NOTIFIER, WebhookDeliveryRepository],
})
export class NotificationsModule {}
