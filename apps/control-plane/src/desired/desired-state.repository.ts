import { Inject, Injectable } from '@nestjs/common';
import { desiredStateSchema, type DesiredState } from '@jetfleet/protocol';
import { and, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { anyText } from '../database/any-of.util.js';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { deviceDesired, deviceReported } from '../database/schema.js';
import { nextDesired, type DesiredPatch } from './desired-state.util.js';

export interface DesiredWrite {
  deviceId: string;
  patch: DesiredPatch;
}

export interface StoredDesired {
  deviceId: string;
  rev: number;
  document: DesiredState;
}

export type Executor = Pick<Db, 'select' | 'insert' | 'update' | 'execute'>;

/**
 * Desired-state documents in Postgres. A write locks the devices' rows, so two writers (a rollout
 * and a power-mode change) serialise per device and never hand out one rev twice.
 */
@Injectable()
export class DesiredStateRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(tx));
  }

  /** Applies each patch on top of the stored document; runs in the caller's transaction when given one. */
  async writeMany(writes: readonly DesiredWrite[], now: Date, tx?: Executor): Promise<StoredDesired[]> {
    if (writes.length === 0) return [];
    const run = async (ex: Executor): Promise<StoredDesired[]> => {
      const ids = [...new Set(writes.map((w) => w.deviceId))];
      // Rows must exist to be locked; a first document starts from nothing.
      await ex
        .insert(deviceDesired)
        .values(ids.map((deviceId) => ({ deviceId, rev: 0, document: {}, updatedAt: now })))
        .onConflictDoNothing();
      const rows = await ex
        .select({ deviceId: deviceDesired.deviceId, rev: deviceDesired.rev, document: deviceDesired.document })
        .from(deviceDesired)
        .where(anyText(deviceDesired.deviceId, ids))
        .for('update');
      const applied = await ex
        .select({ deviceId: deviceReported.deviceId, appliedRev: deviceReported.appliedRev })
        .from(deviceReported)
        .where(anyText(deviceReported.deviceId, ids));
      const appliedById = new Map(applied.map((r) => [r.deviceId, r.appliedRev]));
      const current = new Map<string, DesiredState | null>(
        rows.map((r) => [r.deviceId, r.rev > 0 ? desiredStateSchema.parse(r.document) : null]),
      );
      const out: StoredDesired[] = [];
      for (const w of writes) {
        const doc = nextDesired(current.get(w.deviceId) ?? null, appliedById.get(w.deviceId) ?? null, w.patch, now);
        current.set(w.deviceId, doc);
        out.push({ deviceId: w.deviceId, rev: doc.rev, document: doc });
      }
      const last = new Map(out.map((o) => [o.deviceId, o]));
      await ex.execute(sql`
        UPDATE device_desired AS d
           SET rev = v.rev, document = v.document, updated_at = ${now}
          FROM (SELECT unnest(${sql.param([...last.keys()])}::text[]) AS device_id,
                       unnest(${sql.param([...last.values()].map((o) => o.rev))}::bigint[]) AS rev,
                       unnest(${sql.param([...last.values()].map((o) => JSON.stringify(o.document)))}::jsonb[]) AS document) AS v
         WHERE d.device_id = v.device_id`);
      return out;
    };
    return tx ? run(tx) : this.db.transaction((t) => run(t));
  }

  async getMany(deviceIds: readonly string[]): Promise<Map<string, StoredDesired>> {
    if (deviceIds.length === 0) return new Map();
    const rows = await this.db.select().from(deviceDesired).where(anyText(deviceDesired.deviceId, deviceIds));
    return new Map(
      rows
        .filter((r) => r.rev > 0)
        .map((r) => [r.deviceId, { deviceId: r.deviceId, rev: r.rev, document: desiredStateSchema.parse(r.document) }]),
    );
  }

  /**
   * Documents stored but not confirmed published for longer than `graceMs`: a crash between the
   * two is healed by republishing. The grace keeps the sweep off documents whose publish is simply
   * still under way (it would send them twice).
   */
  async unpublished(limit: number, graceMs: number): Promise<StoredDesired[]> {
    const rows = await this.db
      .select()
      .from(deviceDesired)
      .where(
        and(
          ne(deviceDesired.rev, 0),
          or(isNull(deviceDesired.publishedRev), ne(deviceDesired.publishedRev, deviceDesired.rev)),
          lt(deviceDesired.updatedAt, new Date(Date.now() - graceMs)),
        ),
      )
      .limit(limit);
    return rows.map((r) => ({ deviceId: r.deviceId, rev: r.rev, document: desiredStateSchema.parse(r.document) }));
  }

  async markPublished(items: readonly { deviceId: string; rev: number }[], now = new Date()): Promise<void> {
    if (items.length === 0) return;
    await this.db.execute(sql`
      UPDATE device_desired AS d SET published_rev = v.rev, published_at = ${now}
        FROM (SELECT unnest(${sql.param(items.map((i) => i.deviceId))}::text[]) AS device_id,
                     unnest(${sql.param(items.map((i) => i.rev))}::bigint[]) AS rev) AS v
       WHERE d.device_id = v.device_id AND (d.published_rev IS NULL OR d.published_rev <= v.rev)`);
  }

  /**
   * Published documents whose signature is getting old: retained documents must stay valid for a
   * device that comes back after weeks, so they are signed and published again (same rev: a device
   * that applied it only re-reports) well before the signature expires.
   */
  async signedBefore(cutoff: Date, limit: number): Promise<StoredDesired[]> {
    const rows = await this.db
      .select()
      .from(deviceDesired)
      .where(
        and(
          ne(deviceDesired.rev, 0),
          eq(deviceDesired.publishedRev, deviceDesired.rev),
          lt(deviceDesired.publishedAt, cutoff),
        ),
      )
      .limit(limit);
    return rows.map((r) => ({ deviceId: r.deviceId, rev: r.rev, document: desiredStateSchema.parse(r.document) }));
  }
}
