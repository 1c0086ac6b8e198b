import { Inject, Injectable } from '@nestjs/common';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { deviceCredentials } from '../database/schema.js';
import type { Executor } from './enrollment.types.js';

export type DeviceCredentialRow = typeof deviceCredentials.$inferSelect;

/** Device credentials, and the few device-row changes enrollment and revocation make. */
@Injectable()
export class DeviceCredentialRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /**
   * Records the device as enrolled with `tokenId`, unless it already holds live credentials
   * (false). A revoked device may enroll again. Two enrollments of one id serialise on the
   * primary key: the second sees the first's row and gets false.
   */
  async claim(deviceId: string, username: string, tokenId: string, now: Date, tx: Executor): Promise<boolean> {
    const rows = await tx
      .insert(deviceCredentials)
      .values({ deviceId, username, tokenId, enrolledAt: now, revokedAt: null })
      .onConflictDoUpdate({
        target: deviceCredentials.deviceId,
        set: { username, tokenId, enrolledAt: now, revokedAt: null },
        setWhere: sql`${deviceCredentials.revokedAt} IS NOT NULL`,
      })
      .returning({ deviceId: deviceCredentials.deviceId });
    return rows.length > 0;
  }

  async findActive(deviceId: string): Promise<DeviceCredentialRow | undefined> {
    const rows = await this.db
      .select()
      .from(deviceCredentials)
      .where(and(eq(deviceCredentials.deviceId, deviceId), isNull(deviceCredentials.revokedAt)))
      .limit(1);
    return rows[0];
  }

  async markRevoked(deviceId: string, now: Date, tx: Executor): Promise<boolean> {
    const rows = await tx
      .update(deviceCredentials)
      .set({ revokedAt: now })
      .where(and(eq(deviceCredentials.deviceId, deviceId), isNull(deviceCredentials.revokedAt)))
      .returning({ deviceId: deviceCredentials.deviceId });
    return rows.length > 0;
  }

  /** Offline with reason `revoked`, whatever its session; false when the device never connected. */
  async markDeviceRevoked(deviceId: string, now: Date, tx: Executor): Promise<boolean> {
    const result = await tx.execute<{ id: string }>(sql`
      UPDATE devices SET online = false, offline_reason = 'revoked', status_changed_at = ${now}
      WHERE id = ${deviceId} RETURNING id`);
    return result.rows.length > 0;
  }

  /** Adds `tags` to a known device (sorted, without duplicates); false when it has not connected yet. */
  async addTags(deviceId: string, tags: readonly string[], tx: Executor): Promise<boolean> {
    const result = await tx.execute<{ id: string }>(sql`
      UPDATE devices SET tags = ARRAY(
        SELECT DISTINCT t FROM unnest(tags || ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(tags)}::jsonb))) AS t
        ORDER BY t)
      WHERE id = ${deviceId} RETURNING id`);
    return result.rows.length > 0;
  }

  /**
   * Gives a device enrolled before it ever connected the tags of its token, once: only while its
   * first birth is its latest status change (first_seen_at = status_changed_at) and that birth
   * came after the enrollment. Returns whether tags were applied.
   */
  async addTokenTagsAtFirstBirth(deviceId: string): Promise<boolean> {
    const result = await this.db.execute<{ id: string }>(sql`
      UPDATE devices d SET tags = ARRAY(
        SELECT DISTINCT x FROM unnest(d.tags || ARRAY(SELECT jsonb_array_elements_text(
          CASE WHEN jsonb_typeof(t.scope -> 'tags') = 'array' THEN t.scope -> 'tags' ELSE '[]'::jsonb END))) AS x
        ORDER BY x)
      FROM device_credentials c JOIN enrollment_tokens t ON t.id = c.token_id
      WHERE d.id = ${deviceId} AND c.device_id = d.id AND c.revoked_at IS NULL
        AND d.first_seen_at = d.status_changed_at AND d.first_seen_at >= c.enrolled_at
        AND jsonb_typeof(t.scope -> 'tags') = 'array' AND jsonb_array_length(t.scope -> 'tags') > 0
      RETURNING d.id`);
    return result.rows.length > 0;
  }
}
