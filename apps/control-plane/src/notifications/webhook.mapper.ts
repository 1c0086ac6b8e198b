import type { WebhookDelivery } from './dto/webhook-delivery.type.js';
import type { WebhookEndpoint } from './dto/webhook-endpoint.type.js';
import type { WebhookDeliveryRow } from './webhook-delivery.repository.js';
import type { WebhookEndpointRow } from './webhook-endpoint.repository.js';

/** Row → GraphQL object; the secret stays behind. */
export function toWebhookEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return { id: row.id, url: row.url, severities: row.severities, enabled: row.enabled, createdAt: row.createdAt };
}

export function toWebhookDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpointId,
    alertId: row.alertId,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt,
  };
}
