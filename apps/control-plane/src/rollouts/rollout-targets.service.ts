import { Injectable } from '@nestjs/common';
import { buildRecipeSchema, type BuildRecipeInput } from '@jetfleet/protocol';
import { toBuildDevice } from '../builds/build-device.util.js';
import { compatKey } from '../builds/compat-key.util.js';
import {
  DeviceTargetRepository,
  type TargetDeviceRow,
  type TargetSelector,
} from '../desired/device-target.repository.js';
import type { RolloutRow } from './rollout.repository.js';

/**
 * A rollout's target: the selector's devices, with hardware classes applied (they depend on the
 * recipe, so SQL cannot filter them). Resolved again whenever it is needed, so devices that joined
 * since the start take part.
 */
@Injectable()
export class RolloutTargets {
  constructor(private readonly devices: DeviceTargetRepository) {}

  async select(selector: TargetSelector, recipe: BuildRecipeInput): Promise<TargetDeviceRow[]> {
    const rows = await this.devices.select(selector);
    if (!selector.hardwareClasses?.length) return rows;
    const wanted = new Set(selector.hardwareClasses);
    return rows.filter((r) => {
      const key = compatKey(toBuildDevice(r), recipe);
      return key !== null && wanted.has(key);
    });
  }

  of(rollout: RolloutRow): Promise<TargetDeviceRow[]> {
    return this.select(rollout.selector, buildRecipeSchema.parse(rollout.recipe));
  }
}
