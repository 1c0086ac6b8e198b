import { Inject, Injectable } from '@nestjs/common';
import { and, arrayContains, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { deviceEngines, devices, engineBuilds } from '../database/schema.js';
import type { BuildDeviceRow } from './build-device.util.js';
import type { Tx } from './engine-build.repository.js';

export interface DeviceSelector {
  deviceIds?: string[];
  module?: string;
  tag?: string;
  online?: boolean;
}

const columns = {
  id: devices.id,
  module: devices.module,
  online: devices.online,
  hardware: devices.hardware,
  lastTelemetry: devices.lastTelemetry,
};

/** The device reads of the builds feature: selection for scheduling, builder candidates. */
@Injectable()
export class BuildDeviceRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  /** Every device the selector matches (its parts combine with AND), by id. */
  select(selector: DeviceSelector): Promise<BuildDeviceRow[]> {
    const where: (SQL | undefined)[] = [
      selector.deviceIds !== undefined ? inArray(devices.id, selector.deviceIds) : undefined,
      selector.module !== undefined ? eq(devices.module, selector.module) : undefined,
      selector.tag !== undefined ? arrayContains(devices.tags, [selector.tag]) : undefined,
      selector.online !== undefined ? eq(devices.online, selector.online) : undefined,
    ];
    return this.db
      .select(columns)
      .from(devices)
      .where(and(...where))
      .orderBy(asc(devices.id));
  }

  async findOne(id: string): Promise<BuildDeviceRow | undefined> {
    return (await this.db.select(columns).from(devices).where(eq(devices.id, id)).limit(1))[0];
  }

  /** Per build, the devices scheduled for its class (each build's possible builders). */
  async candidatesOf(tx: Tx, buildIds: string[]): Promise<Map<string, BuildDeviceRow[]>> {
    const out = new Map<string, BuildDeviceRow[]>(buildIds.map((id) => [id, []]));
    if (buildIds.length === 0) return out;
    const rows = await tx
      .select({ buildId: engineBuilds.id, ...columns })
      .from(engineBuilds)
      .innerJoin(
        deviceEngines,
        and(
          eq(deviceEngines.modelVersionId, engineBuilds.modelVersionId),
          eq(deviceEngines.recipeHash, engineBuilds.recipeHash),
          eq(deviceEngines.compatKey, engineBuilds.compatKey),
        ),
      )
      .innerJoin(devices, eq(devices.id, deviceEngines.deviceId))
      .where(inArray(engineBuilds.id, buildIds));
    for (const { buildId, ...device } of rows) out.get(buildId)?.push(device);
    return out;
  }
}
