import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.types.js';
import { Roles } from '../auth/roles.decorator.js';
import type { GraphqlContext } from '../graphql/data-loaders.js';
import { EventBus } from '../pubsub/event-bus.service.js';
import { EventTopic } from '../pubsub/pubsub.tokens.js';
import { EVENTS_BY_ALERT } from './alert-loaders.service.js';
import { AlertService } from './alert.service.js';
import { AlertConnection } from './dto/alert-connection.type.js';
import { Alert, AlertEvent } from './dto/alert.type.js';
import { AlertsFilter } from './dto/alerts-filter.input.js';

@Resolver(() => Alert)
export class AlertResolver {
  constructor(
    private readonly service: AlertService,
    private readonly bus: EventBus,
  ) {}

  @Roles('viewer')
  @Query(() => AlertConnection, { description: 'Alerts, newest first, as a Relay connection.' })
  alerts(
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('filter', { type: () => AlertsFilter, nullable: true }) filter: AlertsFilter | null,
  ): Promise<AlertConnection> {
    return this.service.list(first, after ?? null, filter ?? {});
  }

  @Roles('viewer')
  @Query(() => Alert, { nullable: true })
  alert(@Args('id', { type: () => ID }) id: string): Promise<Alert | null> {
    return this.service.get(id);
  }

  /** Batched per request, so a page of alerts with their history costs one extra query. */
  @Roles('viewer')
  @ResolveField(() => [AlertEvent], { description: 'History: raised, acknowledged, resolved.' })
  events(@Parent() alert: Alert, @Context() ctx: GraphqlContext): Promise<AlertEvent[]> {
    return ctx.loaders.get<string, AlertEvent[]>(EVENTS_BY_ALERT).load(alert.id);
  }

  @Roles('operator')
  @Mutation(() => Alert, { description: 'firing → acknowledged; it resolves on its own when the condition clears.' })
  acknowledgeAlert(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPrincipal() operator: Principal,
  ): Promise<Alert> {
    return this.service.acknowledge(id, operator.name);
  }

  @Roles('viewer')
  @Subscription(() => Alert, { resolve: (alert: Alert) => alert })
  alertRaised(): AsyncIterableIterator<Alert> {
    return this.bus.iterator<Alert>(EventTopic.AlertRaised);
  }

  @Roles('viewer')
  @Subscription(() => Alert, {
    resolve: (alert: Alert) => alert,
    description: 'Acknowledged or resolved alerts.',
  })
  alertUpdated(): AsyncIterableIterator<Alert> {
    return this.bus.iterator<Alert>(EventTopic.AlertUpdated);
  }
}
