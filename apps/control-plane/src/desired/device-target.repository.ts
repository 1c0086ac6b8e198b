import { Inject, Injectable } from '@nestjs/common';
import { and, arrayContains, asc, inArray, type SQL } from 'drizzle-orm';
import { anyText } from '../database/any-of.util.js';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { devices } from '../database/schema.js';

/** Which devices a rollout or power-mode change targets; the given parts combine with AND. */
export interface TargetSelector {
  deviceIds?: string[];
  modules?: string[];
  /** A device must carry every one of these tags. */
  tags?: string[];
  /** Compatibility classes (keys) under the rollout's recipe. */
  hardwareClasses?: string[];
}

export interface TargetDeviceRow {
  id: string;
  module: string;
  online: boolean;
  hardware: Record<string, unknown>;
  lastTelemetry: Record<string, unknown> | null;
}

/** Device reads for targeting. Hardware classes depend on the recipe, so the caller filters those. */
@Injectable()
export class DeviceTargetRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  select(selector: TargetSelector): Promise<TargetDeviceRow[]> {
    const where: (SQL | undefined)[] = [
      selector.deviceIds?.length ? anyText(devices.id, selector.deviceIds) : undefined,
      selector.modules?.length ? inArray(devices.module, selector.modules) : undefined,
      selector.tags?.length ? arrayContains(devices.tags, selector.tags) : undefined,
    ];
    return this.db
      .select({
        id: devices.id,
        module: devices.module,
        online: devices.online,
        hardware: devices.hardware,
        lastTelemetry: devices.lastTelemetry,
      })
      .from(devices)
      .where(and(...where))
      .orderBy(asc(devices.id));
  }
}

/** The power mode a device runs now: its latest telemetry, else its birth facts. */
export function currentPowerMode(row: Pick<TargetDeviceRow, 'hardware' | 'lastTelemetry'>): string | null {
  const fromTelemetry = row.lastTelemetry?.powerMode;
  if (typeof fromTelemetry === 'string' && fromTelemetry) return fromTelemetry;
  const fromBirth = row.hardware.powerMode;
  return typeof fromBirth === 'string' && fromBirth ? fromBirth : null;
}
