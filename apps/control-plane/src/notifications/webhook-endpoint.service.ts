import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { CreateWebhookEndpointInput } from './dto/create-webhook-endpoint.input.js';
import type { CreatedWebhookEndpoint } from './dto/created-webhook-endpoint.type.js';
import type { UpdateWebhookEndpointInput } from './dto/update-webhook-endpoint.input.js';
import type { WebhookDelivery } from './dto/webhook-delivery.type.js';
import type { WebhookEndpoint } from './dto/webhook-endpoint.type.js';
import { InvalidWebhookInputException, WebhookEndpointNotFoundException } from './notifications.exception.js';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import { WebhookEndpointRepository, type WebhookEndpointPatch } from './webhook-endpoint.repository.js';
import { parseEndpointId, parseSecret, parseSeverities, parseWebhookUrl } from './webhook-input.util.js';
import { toWebhookDelivery, toWebhookEndpoint } from './webhook.mapper.js';

export const MAX_DELIVERY_PAGE = 500;

/** Operator-facing management of endpoints and their delivery log. */
@Injectable()
export class WebhookEndpointService {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
  ) {}

  async create(input: CreateWebhookEndpointInput): Promise<CreatedWebhookEndpoint> {
    const url = parseWebhookUrl(input.url);
    const severities = parseSeverities(input.severities);
    const secret = input.secret != null ? parseSecret(input.secret) : `whsec_${randomBytes(32).toString('base64url')}`;
    const row = await this.endpoints.insert({ url, secret, severities });
    return { endpoint: toWebhookEndpoint(row), secret };
  }

  async update(rawId: string, input: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
    const id = parseEndpointId(rawId);
    const patch: WebhookEndpointPatch = {
      ...(input.url != null ? { url: parseWebhookUrl(input.url) } : {}),
      ...(input.severities != null ? { severities: parseSeverities(input.severities) } : {}),
      ...(input.secret != null ? { secret: parseSecret(input.secret) } : {}),
      ...(input.enabled != null ? { enabled: input.enabled } : {}),
    };
    const row = await this.endpoints.update(id, patch);
    if (!row) throw new WebhookEndpointNotFoundException(rawId);
    return toWebhookEndpoint(row);
  }

  async delete(rawId: string): Promise<boolean> {
    if (!(await this.endpoints.delete(parseEndpointId(rawId)))) throw new WebhookEndpointNotFoundException(rawId);
    return true;
  }

  async list(): Promise<WebhookEndpoint[]> {
    return (await this.endpoints.list()).map(toWebhookEndpoint);
  }

  async deliveryLog(rawEndpointId: string, first: number): Promise<WebhookDelivery[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_DELIVERY_PAGE) {
      throw new InvalidWebhookInputException(`first must be between 1 and ${MAX_DELIVERY_PAGE}`, { first });
    }
    const id = parseEndpointId(rawEndpointId);
    if (!(await this.endpoints.findById(id))) throw new WebhookEndpointNotFoundException(rawEndpointId);
    return (await this.deliveries.listForEndpoint(id, first)).map(toWebhookDelivery);
  }
}
