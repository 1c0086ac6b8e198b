import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { powerModeRequestDevices, powerModeRequests } from '../database/schema.js';

export type PowerModeRequestRow = typeof powerModeRequests.$inferSelect;
export type PowerModeRequestDeviceRow = typeof powerModeRequestDevices.$inferSelect;
type Executor = Pick<Db, 'select' | 'insert' | 'update' | 'execute'>;

export const PowerModeDeviceState = {
  Pending: 'pending',
  Applied: 'applied',
  Refused: 'refused',
  Failed: 'failed',
  RebootRequired: 'reboot_required',
} as const;

@Injectable()
export class PowerModeRequestRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  async insert(
    request: typeof powerModeRequests.$inferInsert,
    devices: Omit<typeof powerModeRequestDevices.$inferInsert, 'requestId'>[],
    ex: Executor,
  ): Promise<PowerModeRequestRow> {
    const [row] = await ex.insert(powerModeRequests).values(request).returning();
    if (!row) throw new Error('power mode request insert returned nothing');
    if (devices.length)
      await ex.insert(powerModeRequestDevices).values(devices.map((d) => ({ ...d, requestId: row.id })));
    return row;
  }

  async setRevs(requestId: string, revs: { deviceId: string; rev: number }[], ex: Executor): Promise<void> {
    if (revs.length === 0) return;
    await ex.execute(sql`
      UPDATE power_mode_request_devices AS d SET desired_rev = v.rev
        FROM (SELECT unnest(${sql.param(revs.map((r) => r.deviceId))}::text[]) AS device_id,
                     unnest(${sql.param(revs.map((r) => r.rev))}::bigint[]) AS rev) AS v
       WHERE d.request_id = ${requestId} AND d.device_id = v.device_id`);
  }

  async find(id: string): Promise<PowerModeRequestRow | undefined> {
    return (await this.db.select().from(powerModeRequests).where(eq(powerModeRequests.id, id)))[0];
  }

  devices(requestId: string): Promise<PowerModeRequestDeviceRow[]> {
    return this.db
      .select()
      .from(powerModeRequestDevices)
      .where(eq(powerModeRequestDevices.requestId, requestId))
      .orderBy(asc(powerModeRequestDevices.deviceId));
  }

  /** Pending rows of a device whose document the device has reached (its rev or a later one). */
  pendingUpTo(deviceId: string, rev: number): Promise<PowerModeRequestDeviceRow[]> {
    return this.db
      .select()
      .from(powerModeRequestDevices)
      .where(
        and(
          eq(powerModeRequestDevices.deviceId, deviceId),
          eq(powerModeRequestDevices.state, PowerModeDeviceState.Pending),
          lte(powerModeRequestDevices.desiredRev, rev),
        ),
      );
  }

  async settle(requestIds: string[], deviceId: string, state: string, reason: string | null): Promise<void> {
    if (requestIds.length === 0) return;
    await this.db
      .update(powerModeRequestDevices)
      .set({ state, reason, updatedAt: new Date() })
      .where(
        and(
          inArray(powerModeRequestDevices.requestId, requestIds),
          eq(powerModeRequestDevices.deviceId, deviceId),
          eq(powerModeRequestDevices.state, PowerModeDeviceState.Pending),
        ),
      );
  }
}
