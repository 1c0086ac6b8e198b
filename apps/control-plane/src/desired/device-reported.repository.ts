import { Inject, Injectable } from '@nestjs/common';
import type { ReportedState } from '@jetfleet/protocol';
import { sql } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { deviceReported } from '../database/schema.js';

export type DeviceReportedRow = typeof deviceReported.$inferSelect;

/** The latest `reported` document per device. */
@Injectable()
export class DeviceReportedRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  /** Keeps the newest report; one that is older than the stored one (reordered delivery) is ignored. */
  async upsert(deviceId: string, r: ReportedState, now: Date): Promise<boolean> {
    const values = {
      deviceId,
      appliedRev: r.appliedRev,
      targetRev: r.targetRev ?? r.appliedRev,
      phase: r.phase,
      powerMode: r.powerMode,
      powerModeId: r.powerModeId ?? null,
      activeModelVersionId: r.activeModelVersionId,
      activeEngineSha256: r.activeEngineSha256 ?? null,
      previousModelVersionId: r.previousModelVersionId ?? null,
      verification: r.verification ?? null,
      error: r.error ?? null,
      reportedAt: new Date(r.ts),
      updatedAt: now,
    };
    const update: Omit<typeof values, 'deviceId'> & { deviceId?: string } = { ...values };
    delete update.deviceId;
    const rows = await this.db
      .insert(deviceReported)
      .values(values)
      .onConflictDoUpdate({
        target: deviceReported.deviceId,
        set: update,
        setWhere: sql`${deviceReported.reportedAt} <= ${values.reportedAt}`,
      })
      .returning({ deviceId: deviceReported.deviceId });
    return rows.length > 0;
  }
}
