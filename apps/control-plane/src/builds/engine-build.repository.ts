import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { devices, engineBuilds } from '../database/schema.js';
import type * as schema from '../database/schema.js';
import { BuildState, RUNNING_BUILD_STATES } from './build-state.constant.js';

/** The database or a transaction on it. */
export type Tx = PgDatabase<NodePgQueryResultHKT, typeof schema>;

export type EngineBuildRow = typeof engineBuilds.$inferSelect;

export interface NewEngineBuild {
  modelVersionId: string;
  recipe: Record<string, unknown>;
  recipeHash: string;
  compatKey: string;
  maxAttempts: number;
  queuedAt: Date;
}

export interface EngineBuildFilter {
  modelVersionId?: string;
  compatKey?: string;
  state?: string;
}

export interface AttemptRef {
  id: string;
  attempt: number;
  builderDeviceId: string | null;
}

export interface SucceededAttempt {
  engineSha256: string;
  engineSizeBytes: number;
  perf: Record<string, unknown>;
  logTail: string;
  durationMs: number;
}

/** Arbitrary constant: one dispatch sweep at a time per database, across every worker. */
const DISPATCH_LOCK_KEY = 7_201_946_229;

const running = inArray(engineBuilds.state, [...RUNNING_BUILD_STATES]);

/** All engine_builds SQL. Every state change is one conditional UPDATE, so racing writers cannot both win. */
@Injectable()
export class EngineBuildRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  async findById(id: string): Promise<EngineBuildRow | undefined> {
    return (await this.db.select().from(engineBuilds).where(eq(engineBuilds.id, id)).limit(1))[0];
  }

  /** Newest first. */
  list(filter: EngineBuildFilter, limit: number): Promise<EngineBuildRow[]> {
    const where: (SQL | undefined)[] = [
      filter.modelVersionId !== undefined ? eq(engineBuilds.modelVersionId, filter.modelVersionId) : undefined,
      filter.compatKey !== undefined ? eq(engineBuilds.compatKey, filter.compatKey) : undefined,
      filter.state !== undefined ? eq(engineBuilds.state, filter.state) : undefined,
    ];
    return this.db
      .select()
      .from(engineBuilds)
      .where(and(...where))
      .orderBy(desc(engineBuilds.queuedAt), asc(engineBuilds.id))
      .limit(limit);
  }

  /**
   * Per compatibility key, the build that decides what scheduling does: the live or succeeded
   * one if any (there is at most one), else the most recently finished.
   */
  async decisivePerKey(
    modelVersionId: string,
    recipeHash: string,
    keys: string[],
  ): Promise<Map<string, EngineBuildRow>> {
    if (keys.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(engineBuilds)
      .where(
        and(
          eq(engineBuilds.modelVersionId, modelVersionId),
          eq(engineBuilds.recipeHash, recipeHash),
          inArray(engineBuilds.compatKey, keys),
        ),
      )
      .orderBy(
        asc(engineBuilds.compatKey),
        sql`(${engineBuilds.state} IN ('failed', 'timed_out', 'cancelled'))`,
        sql`${engineBuilds.finishedAt} DESC NULLS FIRST`,
      );
    const out = new Map<string, EngineBuildRow>();
    for (const row of rows) if (!out.has(row.compatKey)) out.set(row.compatKey, row);
    return out;
  }

  /** Inserts queued builds; a key that already has a live or succeeded build (a racing schedule) is skipped. */
  async insertQueued(rows: NewEngineBuild[]): Promise<EngineBuildRow[]> {
    if (rows.length === 0) return [];
    return this.db
      .insert(engineBuilds)
      .values(rows.map((r) => ({ ...r, state: BuildState.Queued })))
      .onConflictDoNothing()
      .returning();
  }

  /** Runs `fn` in a transaction holding the dispatch lock (waits for a sweep in progress). */
  runDispatch<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${DISPATCH_LOCK_KEY})`);
      return fn(tx);
    });
  }

  /** Oldest first. */
  queued(tx: Tx): Promise<EngineBuildRow[]> {
    return tx
      .select()
      .from(engineBuilds)
      .where(eq(engineBuilds.state, BuildState.Queued))
      .orderBy(asc(engineBuilds.queuedAt), asc(engineBuilds.id));
  }

  running(tx: Tx): Promise<{ compatKey: string; builderDeviceId: string | null }[]> {
    return tx
      .select({ compatKey: engineBuilds.compatKey, builderDeviceId: engineBuilds.builderDeviceId })
      .from(engineBuilds)
      .where(running);
  }

  /** queued → dispatched: the next attempt, on `builderDeviceId`. */
  async markDispatched(
    tx: Tx,
    id: string,
    attemptsMade: number,
    builderDeviceId: string,
    now: Date,
  ): Promise<EngineBuildRow | undefined> {
    const rows = await tx
      .update(engineBuilds)
      .set({
        state: BuildState.Dispatched,
        attempt: attemptsMade + 1,
        builderDeviceId,
        dispatchedAt: now,
        startedAt: null,
        progressPct: 0,
      })
      .where(
        and(eq(engineBuilds.id, id), eq(engineBuilds.state, BuildState.Queued), eq(engineBuilds.attempt, attemptsMade)),
      )
      .returning();
    return rows[0];
  }

  /** dispatched → queued without using up the attempt: the job never left (broker down). */
  async undispatch(id: string, attempt: number, error: string): Promise<EngineBuildRow | undefined> {
    const rows = await this.db
      .update(engineBuilds)
      .set({ state: BuildState.Queued, attempt: attempt - 1, builderDeviceId: null, dispatchedAt: null, error })
      .where(
        and(eq(engineBuilds.id, id), eq(engineBuilds.state, BuildState.Dispatched), eq(engineBuilds.attempt, attempt)),
      )
      .returning();
    return rows[0];
  }

  /** queued → failed: no device of the class can take it. */
  async failQueued(tx: Tx, id: string, error: string, now: Date): Promise<EngineBuildRow | undefined> {
    const rows = await tx
      .update(engineBuilds)
      .set({ state: BuildState.Failed, error, finishedAt: now })
      .where(and(eq(engineBuilds.id, id), eq(engineBuilds.state, BuildState.Queued)))
      .returning();
    return rows[0];
  }

  /** dispatched|building → building, with the device's progress. */
  async markBuilding(ref: AttemptRef, progressPct: number | null, now: Date): Promise<EngineBuildRow | undefined> {
    const rows = await this.db
      .update(engineBuilds)
      .set({
        state: BuildState.Building,
        startedAt: sql`COALESCE(${engineBuilds.startedAt}, ${now.toISOString()}::timestamptz)`,
        // Reordered deliveries must not move the bar backwards.
        ...(progressPct !== null
          ? { progressPct: sql`GREATEST(COALESCE(${engineBuilds.progressPct}, 0), ${progressPct})` }
          : {}),
      })
      .where(this.currentAttempt(ref))
      .returning();
    return rows[0];
  }

  /** Runs `fn` in one transaction (for changes that must be seen together). */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async markSucceeded(
    ref: AttemptRef,
    result: SucceededAttempt,
    now: Date,
    tx: Tx = this.db,
  ): Promise<EngineBuildRow | undefined> {
    const rows = await tx
      .update(engineBuilds)
      .set({
        state: BuildState.Succeeded,
        progressPct: 100,
        error: null,
        engineSha256: result.engineSha256,
        engineSizeBytes: result.engineSizeBytes,
        perf: result.perf,
        logTail: result.logTail,
        durationMs: result.durationMs,
        startedAt: sql`COALESCE(${engineBuilds.startedAt}, ${now.toISOString()}::timestamptz)`,
        finishedAt: now,
      })
      .where(this.currentAttempt(ref))
      .returning();
    return rows[0];
  }

  /**
   * Ends the current attempt as failed. The builder joins tried_devices; with attempts left the
   * build goes back to queued (the retry backoff counts from now), else it ends as `terminal`.
   */
  async failAttempt(
    ref: AttemptRef,
    terminal: typeof BuildState.Failed | typeof BuildState.TimedOut,
    error: string,
    logTail: string | null,
    now: Date,
  ): Promise<EngineBuildRow | undefined> {
    const last = sql`${engineBuilds.attempt} >= ${engineBuilds.maxAttempts}`;
    const at = sql`${now.toISOString()}::timestamptz`;
    const rows = await this.db
      .update(engineBuilds)
      .set({
        state: sql`CASE WHEN ${last} THEN ${terminal} ELSE ${BuildState.Queued} END`,
        triedDevices: sql`CASE WHEN ${engineBuilds.builderDeviceId} IS NULL
                                 OR ${engineBuilds.builderDeviceId} = ANY(${engineBuilds.triedDevices})
                               THEN ${engineBuilds.triedDevices}
                               ELSE array_append(${engineBuilds.triedDevices}, ${engineBuilds.builderDeviceId}) END`,
        builderDeviceId: sql`CASE WHEN ${last} THEN ${engineBuilds.builderDeviceId} ELSE NULL END`,
        queuedAt: sql`CASE WHEN ${last} THEN ${engineBuilds.queuedAt} ELSE ${at} END`,
        dispatchedAt: sql`CASE WHEN ${last} THEN ${engineBuilds.dispatchedAt} ELSE NULL END`,
        startedAt: sql`CASE WHEN ${last} THEN ${engineBuilds.startedAt} ELSE NULL END`,
        finishedAt: sql`CASE WHEN ${last} THEN ${at} ELSE NULL END`,
        progressPct: sql`CASE WHEN ${last} THEN ${engineBuilds.progressPct} ELSE NULL END`,
        error,
        ...(logTail !== null ? { logTail } : {}),
      })
      .where(this.currentAttempt(ref))
      .returning();
    return rows[0];
  }

  /** Any live state → cancelled. `builderDeviceId` is set on the result when an attempt was running. */
  async cancel(id: string, now: Date): Promise<EngineBuildRow | undefined> {
    const rows = await this.db
      .update(engineBuilds)
      .set({ state: BuildState.Cancelled, finishedAt: now })
      .where(and(eq(engineBuilds.id, id), inArray(engineBuilds.state, [BuildState.Queued, ...RUNNING_BUILD_STATES])))
      .returning();
    return rows[0];
  }

  /** Attempts dispatched before `deadline` and not finished. */
  overdue(deadline: Date): Promise<AttemptRef[]> {
    return this.db
      .select({ id: engineBuilds.id, attempt: engineBuilds.attempt, builderDeviceId: engineBuilds.builderDeviceId })
      .from(engineBuilds)
      .where(and(running, lt(engineBuilds.dispatchedAt, deadline)));
  }

  /** Running attempts dispatched before `before`, whole rows (to send their job again). */
  runningSince(before: Date): Promise<EngineBuildRow[]> {
    return this.db
      .select()
      .from(engineBuilds)
      .where(and(running, lt(engineBuilds.dispatchedAt, before)));
  }

  /** Running attempts whose builder is offline (or unknown). */
  async onOfflineBuilders(): Promise<(AttemptRef & { offlineReason: string | null })[]> {
    const rows = await this.db
      .select({
        id: engineBuilds.id,
        attempt: engineBuilds.attempt,
        builderDeviceId: engineBuilds.builderDeviceId,
        online: devices.online,
        offlineReason: devices.offlineReason,
      })
      .from(engineBuilds)
      .leftJoin(devices, eq(devices.id, engineBuilds.builderDeviceId))
      .where(running);
    return rows
      .filter((r) => r.online !== true)
      .map((r) => ({
        id: r.id,
        attempt: r.attempt,
        builderDeviceId: r.builderDeviceId,
        offlineReason: r.offlineReason ?? null,
      }));
  }

  private currentAttempt(ref: AttemptRef): SQL | undefined {
    return and(
      eq(engineBuilds.id, ref.id),
      eq(engineBuilds.attempt, ref.attempt),
      running,
      ...(ref.builderDeviceId !== null ? [eq(engineBuilds.builderDeviceId, ref.builderDeviceId)] : []),
    );
  }
}
