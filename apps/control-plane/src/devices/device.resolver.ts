import { Args, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator.js';
import { EventBus } from '../pubsub/event-bus.service.js';
import { EventTopic } from '../pubsub/pubsub.tokens.js';
import { DeviceQueryService } from './device-query.service.js';
import { DeviceConnection } from './dto/device-connection.type.js';
import { DeviceStatusEvent } from './dto/device-status-event.type.js';
import { Device } from './dto/device.type.js';
import { DevicesFilter } from './dto/devices-filter.input.js';

@Resolver(() => Device)
export class DeviceResolver {
  constructor(
    private readonly queries: DeviceQueryService,
    private readonly events: EventBus,
  ) {}

  @Roles('viewer')
  @Query(() => DeviceConnection, { description: 'Devices ordered by id, as a Relay connection.' })
  devices(
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('filter', { type: () => DevicesFilter, nullable: true }) filter: DevicesFilter | null,
  ): Promise<DeviceConnection> {
    return this.queries.list(first, after ?? null, filter ?? {});
  }

  @Roles('viewer')
  @Query(() => Device, { nullable: true })
  device(@Args('id', { type: () => ID }) id: string): Promise<Device | null> {
    return this.queries.get(id);
  }

  @Roles('operator')
  @Mutation(() => Device, { description: 'Replaces the tags of a device.' })
  setDeviceTags(
    @Args('id', { type: () => ID }) id: string,
    @Args('tags', { type: () => [String] }) tags: string[],
  ): Promise<Device> {
    return this.queries.setTags(id, tags);
  }

  @Roles('viewer')
  @Subscription(() => DeviceStatusEvent, { resolve: (event: DeviceStatusEvent) => event })
  deviceStatusChanged(): AsyncIterableIterator<DeviceStatusEvent> {
    return this.events.iterator<DeviceStatusEvent>(EventTopic.DeviceStatusChanged);
  }
}
