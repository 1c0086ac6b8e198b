import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator.js';
import { Device } from '../devices/dto/device.type.js';
import type { GraphqlContext } from '../graphql/data-loaders.js';
import { OPEN_ALERTS_BY_DEVICE } from './alert-loaders.service.js';
import { Alert } from './dto/alert.type.js';

/** Adds the device's open alerts to `Device`, batched per request. */
@Resolver(() => Device)
export class DeviceAlertsResolver {
  @Roles('viewer')
  @ResolveField(() => [Alert], { description: 'Firing or acknowledged alerts of this device, newest first.' })
  openAlerts(@Parent() device: Device, @Context() ctx: GraphqlContext): Promise<Alert[]> {
    return ctx.loaders.get<string, Alert[]>(OPEN_ALERTS_BY_DEVICE).load(device.id);
  }
}
