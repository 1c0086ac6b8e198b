import { Inject, Injectable } from '@nestjs/common';
import { and, arrayContains, asc, count, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { OnlineStatus } from '@jetfleet/protocol';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { devices, type DeviceRow } from '../database/schema.js';

export interface DeviceQuery {
  online?: boolean;
  module?: string;
  tag?: string;
}

export interface SeenUpdate {
  id: string;
  sessionId: string;
  seenAt: Date;
  lastTelemetry: Record<string, unknown> | null;
}

/** All device-registry SQL lives here. */
@Injectable()
export class DeviceRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  /** Registers or refreshes a device from its birth message; returns true if it was offline before. */
  async upsertBirth(deviceId: string, status: OnlineStatus, now: Date): Promise<boolean> {
    const hardware = status.hardware as unknown as Record<string, unknown>;
    const result = await this.db.execute<{ was_online: boolean | null }>(sql`
      WITH prev AS (SELECT online FROM devices WHERE id = ${deviceId})
      INSERT INTO devices (id, module, hardware, agent_version, protocol_version, online, session_id,
                           heartbeat_sec, offline_reason, first_seen_at, last_seen_at, status_changed_at)
      VALUES (${deviceId}, ${status.hardware.module}, ${JSON.stringify(hardware)}::jsonb, ${status.agentVersion},
              ${status.protocolVersion}, true, ${status.sessionId}, ${status.heartbeatSec}, NULL, ${now}, ${now}, ${now})
      ON CONFLICT (id) DO UPDATE SET
        module = EXCLUDED.module, hardware = EXCLUDED.hardware, agent_version = EXCLUDED.agent_version,
        protocol_version = EXCLUDED.protocol_version, session_id = EXCLUDED.session_id,
        heartbeat_sec = EXCLUDED.heartbeat_sec, offline_reason = NULL,
        last_seen_at = GREATEST(devices.last_seen_at, EXCLUDED.last_seen_at),
        status_changed_at = CASE WHEN devices.online THEN devices.status_changed_at ELSE EXCLUDED.status_changed_at END,
        online = true
      RETURNING (SELECT online FROM prev) AS was_online`);
    return result.rows[0]?.was_online !== true;
  }

  /** Marks the device offline only if the message belongs to its current session. */
  async markOffline(deviceId: string, sessionId: string, reason: string, now: Date): Promise<boolean> {
    const rows = await this.db
      .update(devices)
      .set({ online: false, offlineReason: reason, statusChangedAt: now })
      .where(and(eq(devices.id, deviceId), eq(devices.sessionId, sessionId), eq(devices.online, true)))
      .returning({ id: devices.id });
    return rows.length > 0;
  }

  /**
   * Applies a batch of heartbeats in one statement. A device that timed out but is heard from
   * again in the same session comes back online; a Last Will or shutdown is final for the session.
   * Returns the ids that came back online.
   */
  async recordSeen(updates: SeenUpdate[]): Promise<string[]> {
    if (updates.length === 0) return [];
    const values = sql.join(
      updates.map(
        (u) =>
          sql`(${u.id}, ${u.sessionId}, ${u.seenAt.toISOString()}::timestamptz, ${
            u.lastTelemetry ? JSON.stringify(u.lastTelemetry) : null
          }::jsonb)`,
      ),
      sql`, `,
    );
    const result = await this.db.execute<{ id: string; revived: boolean }>(sql`
      UPDATE devices d SET
        last_seen_at = GREATEST(d.last_seen_at, v.seen),
        last_telemetry = COALESCE(v.tel, d.last_telemetry),
        online = d.online OR (d.session_id = v.session AND d.offline_reason = 'heartbeat_timeout'),
        offline_reason = CASE WHEN d.session_id = v.session AND d.offline_reason = 'heartbeat_timeout'
                              THEN NULL ELSE d.offline_reason END,
        status_changed_at = CASE WHEN NOT d.online AND d.session_id = v.session
                                  AND d.offline_reason = 'heartbeat_timeout' THEN v.seen
                                 ELSE d.status_changed_at END
      FROM (VALUES ${values}) AS v(id, session, seen, tel)
      JOIN devices old ON old.id = v.id
      WHERE d.id = v.id
      RETURNING d.id, (d.online AND NOT old.online) AS revived`);
    return result.rows.filter((r) => r.revived).map((r) => r.id);
  }

  /**
   * Marks offline every online device not heard from within its heartbeat × factor. Silence is only
   * judged from `listeningSince` on: heartbeats sent while this control plane was down (a restart)
   * were never heard, which says nothing about the device.
   */
  async sweepStale(factor: number, now: Date, listeningSince: Date = new Date(0)): Promise<string[]> {
    const result = await this.db.execute<{ id: string }>(sql`
      UPDATE devices SET online = false, offline_reason = 'heartbeat_timeout', status_changed_at = ${now}
      WHERE online
        AND GREATEST(last_seen_at, ${listeningSince}::timestamptz)
            < ${now}::timestamptz - make_interval(secs => heartbeat_sec * ${factor})
      RETURNING id`);
    return result.rows.map((r) => r.id);
  }

  async findById(id: string): Promise<DeviceRow | undefined> {
    const rows = await this.db.select().from(devices).where(eq(devices.id, id)).limit(1);
    return rows[0];
  }

  async findPage(query: DeviceQuery, first: number, afterId: string | null): Promise<DeviceRow[]> {
    const where = this.where(query, afterId ? gt(devices.id, afterId) : undefined);
    return this.db
      .select()
      .from(devices)
      .where(where)
      .orderBy(asc(devices.id))
      .limit(first + 1);
  }

  async count(query: DeviceQuery): Promise<number> {
    const rows = await this.db.select({ n: count() }).from(devices).where(this.where(query));
    return rows[0]?.n ?? 0;
  }

  async setTags(id: string, tags: string[]): Promise<DeviceRow | undefined> {
    const rows = await this.db.update(devices).set({ tags }).where(eq(devices.id, id)).returning();
    return rows[0];
  }

  private where(query: DeviceQuery, extra?: SQL): SQL | undefined {
    const parts: (SQL | undefined)[] = [extra];
    if (query.online !== undefined) parts.push(eq(devices.online, query.online));
    if (query.module !== undefined) parts.push(eq(devices.module, query.module));
    if (query.tag !== undefined) parts.push(arrayContains(devices.tags, [query.tag]));
    return and(...parts);
  }
}
