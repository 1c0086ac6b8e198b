import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator.js';
import { CreateWebhookEndpointInput } from './dto/create-webhook-endpoint.input.js';
import { CreatedWebhookEndpoint } from './dto/created-webhook-endpoint.type.js';
import { UpdateWebhookEndpointInput } from './dto/update-webhook-endpoint.input.js';
import { WebhookDelivery } from './dto/webhook-delivery.type.js';
import { WebhookEndpoint } from './dto/webhook-endpoint.type.js';
import { WebhookEndpointService } from './webhook-endpoint.service.js';

@Resolver(() => WebhookEndpoint)
export class WebhookResolver {
  constructor(private readonly endpoints: WebhookEndpointService) {}

  @Roles('viewer')
  @Query(() => [WebhookEndpoint], { description: 'Every webhook endpoint, oldest first.' })
  webhookEndpoints(): Promise<WebhookEndpoint[]> {
    return this.endpoints.list();
  }

  @Roles('viewer')
  @Query(() => [WebhookDelivery], { description: 'Delivery log of one endpoint, newest first.' })
  webhookDeliveries(
    @Args('endpointId', { type: () => ID }) endpointId: string,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
  ): Promise<WebhookDelivery[]> {
    return this.endpoints.deliveryLog(endpointId, first);
  }

  @Roles('operator')
  @Mutation(() => CreatedWebhookEndpoint, { description: 'Registers an endpoint; the secret is returned only here.' })
  createWebhookEndpoint(
    @Args('input', { type: () => CreateWebhookEndpointInput }) input: CreateWebhookEndpointInput,
  ): Promise<CreatedWebhookEndpoint> {
    return this.endpoints.create(input);
  }

  @Roles('operator')
  @Mutation(() => WebhookEndpoint)
  updateWebhookEndpoint(
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateWebhookEndpointInput }) input: UpdateWebhookEndpointInput,
  ): Promise<WebhookEndpoint> {
    return this.endpoints.update(id, input);
  }

  @Roles('operator')
  @Mutation(() => Boolean, { description: 'Deletes an endpoint and its delivery log; queued deliveries are dropped.' })
  deleteWebhookEndpoint(@Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.endpoints.delete(id);
  }
}
