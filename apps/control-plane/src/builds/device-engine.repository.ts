import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, not, or, sql, type SQL } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { deviceEngines, devices, engineBuilds } from '../database/schema.js';
import { BuildState, DeviceEngineState } from './build-state.constant.js';
import type { Tx } from './engine-build.repository.js';

export type DeviceEngineRow = typeof deviceEngines.$inferSelect;

/** What an engine is for: a model version, a recipe and a compatibility class. */
export interface EngineClass {
  modelVersionId: string;
  recipeHash: string;
  compatKey: string;
}

export interface FetchClaim {
  deviceId: string;
  buildId: string;
  modelVersionId: string;
  recipeHash: string;
  compatKey: string;
  engineSha256: string;
}

const CHUNK = 5000;
/** An upsert leaves a row alone when it is for the same class and has, or is getting, the engine. */
const KEEP = sql.raw(
  `(device_engines.compat_key = excluded.compat_key AND device_engines.state IN ('ready', 'built_locally', 'fetching'))`,
);

const ofClass = (c: EngineClass): SQL | undefined =>
  and(
    eq(deviceEngines.modelVersionId, c.modelVersionId),
    eq(deviceEngines.recipeHash, c.recipeHash),
    eq(deviceEngines.compatKey, c.compatKey),
  );

/** All device_engines SQL: which engine each device holds, or is waiting for, per (version, recipe). */
@Injectable()
export class DeviceEngineRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  /**
   * Records that these devices want the engine of their class. A device that already has it (or
   * is fetching it) keeps its row; anything else, including a failure or another class after a
   * TensorRT upgrade, starts over as pending.
   */
  async upsertPending(rows: (EngineClass & { deviceId: string })[], now: Date): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.db
        .insert(deviceEngines)
        .values(rows.slice(i, i + CHUNK).map((r) => ({ ...r, state: DeviceEngineState.Pending, updatedAt: now })))
        .onConflictDoUpdate({
          target: [deviceEngines.deviceId, deviceEngines.modelVersionId, deviceEngines.recipeHash],
          set: {
            state: sql`CASE WHEN ${KEEP} THEN device_engines.state ELSE excluded.state END`,
            engineSha256: sql`CASE WHEN ${KEEP} THEN device_engines.engine_sha256 ELSE NULL END`,
            error: sql`CASE WHEN ${KEEP} THEN device_engines.error ELSE NULL END`,
            updatedAt: sql`CASE WHEN ${KEEP} THEN device_engines.updated_at ELSE excluded.updated_at END`,
            compatKey: sql`excluded.compat_key`,
          },
        });
    }
  }

  /** The rows of several classes (a DataLoader batch), by device id. */
  ofClasses(classes: readonly EngineClass[]): Promise<DeviceEngineRow[]> {
    if (classes.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(deviceEngines)
      .where(or(...classes.map(ofClass)))
      .orderBy(asc(deviceEngines.deviceId));
  }

  async forDevice(deviceId: string, c: EngineClass): Promise<DeviceEngineRow | undefined> {
    const rows = await this.db
      .select()
      .from(deviceEngines)
      .where(and(eq(deviceEngines.deviceId, deviceId), ofClass(c)))
      .limit(1);
    return rows[0];
  }

  /**
   * Moves one device's row from one of `from` to `to`; false when it was in none of them (a
   * duplicate or stale report). `engineSha256` is kept unless given.
   */
  async transition(
    deviceId: string,
    c: EngineClass,
    from: readonly DeviceEngineState[],
    to: DeviceEngineState,
    now: Date,
    fields: { engineSha256?: string | null; error?: string | null } = {},
    tx: Tx = this.db,
  ): Promise<boolean> {
    const rows = await tx
      .update(deviceEngines)
      .set({ state: to, updatedAt: now, error: fields.error ?? null, ...pickSha(fields) })
      .where(and(eq(deviceEngines.deviceId, deviceId), ofClass(c), inArray(deviceEngines.state, [...from])))
      .returning({ deviceId: deviceEngines.deviceId });
    return rows.length > 0;
  }

  /** Every pending row of a class fails: its build ended without an engine. Returns the device ids. */
  async failPending(c: EngineClass, error: string, now: Date): Promise<string[]> {
    const rows = await this.db
      .update(deviceEngines)
      .set({ state: DeviceEngineState.Failed, error, updatedAt: now })
      .where(and(ofClass(c), eq(deviceEngines.state, DeviceEngineState.Pending)))
      .returning({ deviceId: deviceEngines.deviceId });
    return rows.map((r) => r.deviceId);
  }

  /**
   * Rows in `from` whose device is online move to fetching; returns them. Offline devices stay
   * behind and are claimed by the watchdog once they are back.
   */
  async claimForFetch(c: EngineClass, from: readonly DeviceEngineState[], now: Date): Promise<string[]> {
    const rows = await this.db
      .update(deviceEngines)
      .set({ state: DeviceEngineState.Fetching, error: null, updatedAt: now })
      .from(devices)
      .where(
        and(
          eq(devices.id, deviceEngines.deviceId),
          eq(devices.online, true),
          ofClass(c),
          inArray(deviceEngines.state, [...from]),
        ),
      )
      .returning({ deviceId: deviceEngines.deviceId });
    return rows.map((r) => r.deviceId).sort();
  }

  /** Pending rows of classes that have a succeeded build, for devices now online: they fetch. */
  async claimWaitingFetches(now: Date, limit = 1000): Promise<FetchClaim[]> {
    const result = await this.db.execute<{
      device_id: string;
      build_id: string;
      model_version_id: string;
      recipe_hash: string;
      compat_key: string;
      engine_sha256: string;
    }>(sql`
      WITH claim AS (
        SELECT de.device_id, de.model_version_id, de.recipe_hash, b.id AS build_id, b.engine_sha256
        FROM device_engines de
        JOIN devices d ON d.id = de.device_id AND d.online
        JOIN ${engineBuilds} b ON b.model_version_id = de.model_version_id AND b.recipe_hash = de.recipe_hash
                               AND b.compat_key = de.compat_key AND b.state = ${BuildState.Succeeded}
        WHERE de.state = ${DeviceEngineState.Pending} AND b.engine_sha256 IS NOT NULL
        LIMIT ${limit}
        FOR UPDATE OF de SKIP LOCKED
      )
      UPDATE device_engines de SET state = ${DeviceEngineState.Fetching}, error = NULL, updated_at = ${now.toISOString()}::timestamptz
      FROM claim
      WHERE de.device_id = claim.device_id AND de.model_version_id = claim.model_version_id
        AND de.recipe_hash = claim.recipe_hash
      RETURNING de.device_id, claim.build_id, de.model_version_id, de.recipe_hash, de.compat_key, claim.engine_sha256`);
    return result.rows.map((r) => ({
      deviceId: r.device_id,
      buildId: r.build_id,
      modelVersionId: r.model_version_id,
      recipeHash: r.recipe_hash,
      compatKey: r.compat_key,
      engineSha256: r.engine_sha256,
    }));
  }

  /** Fetches to devices that went offline go back to pending, to be sent again when they return. */
  async releaseFetchesOfOfflineDevices(now: Date): Promise<number> {
    const rows = await this.db
      .update(deviceEngines)
      .set({ state: DeviceEngineState.Pending, updatedAt: now })
      .from(devices)
      .where(
        and(
          eq(devices.id, deviceEngines.deviceId),
          not(devices.online),
          eq(deviceEngines.state, DeviceEngineState.Fetching),
        ),
      )
      .returning({ deviceId: deviceEngines.deviceId });
    return rows.length;
  }
}

function pickSha(fields: { engineSha256?: string | null }): { engineSha256?: string | null } {
  return fields.engineSha256 === undefined ? {} : { engineSha256: fields.engineSha256 };
}
