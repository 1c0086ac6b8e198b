import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { anyText } from '../database/any-of.util.js';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { gateEvaluations, rolloutDevices, rolloutStages, rollouts } from '../database/schema.js';
import { ACTIVE_ROLLOUT_STATES, type DeploymentState, type RolloutState } from './rollout-state.constant.js';

export type RolloutRow = typeof rollouts.$inferSelect;
export type RolloutInsert = typeof rollouts.$inferInsert;
export type StageRow = typeof rolloutStages.$inferSelect;
export type DeploymentRow = typeof rolloutDevices.$inferSelect;
export type DeploymentInsert = typeof rolloutDevices.$inferInsert;
export type EvaluationRow = typeof gateEvaluations.$inferSelect;
const INSERT_CHUNK = 1000;

export type Executor = Pick<Db, 'select' | 'insert' | 'update' | 'execute'>;

/** Rollouts, their stages, per-device deployments and gate evaluations. */
@Injectable()
export class RolloutRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(tx));
  }

  async insert(row: RolloutInsert, stageCount: number): Promise<RolloutRow> {
    return this.db.transaction(async (tx) => {
      const [created] = await tx.insert(rollouts).values(row).returning();
      if (!created) throw new Error('rollout insert returned nothing');
      await tx
        .insert(rolloutStages)
        .values(Array.from({ length: stageCount }, (_, idx) => ({ rolloutId: created.id, idx, state: 'pending' })));
      return created;
    });
  }

  async findById(id: string): Promise<RolloutRow | undefined> {
    return (await this.db.select().from(rollouts).where(eq(rollouts.id, id)))[0];
  }

  list(state: string | null, first: number): Promise<RolloutRow[]> {
    return this.db
      .select()
      .from(rollouts)
      .where(state ? eq(rollouts.state, state) : undefined)
      .orderBy(desc(rollouts.createdAt))
      .limit(first);
  }

  async activeIds(): Promise<string[]> {
    const rows = await this.db
      .select({ id: rollouts.id })
      .from(rollouts)
      .where(inArray(rollouts.state, ['running', 'rolling_back']));
    return rows.map((r) => r.id);
  }

  /** Conditional update: only from one of `from` (so two steps or an operator racing a step cannot both win). */
  async update(
    id: string,
    from: readonly RolloutState[],
    patch: Partial<RolloutInsert>,
    ex: Executor = this.db,
  ): Promise<RolloutRow | undefined> {
    const [row] = await ex
      .update(rollouts)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(rollouts.id, id), inArray(rollouts.state, [...from])))
      .returning();
    return row;
  }

  stages(rolloutId: string): Promise<StageRow[]> {
    return this.db
      .select()
      .from(rolloutStages)
      .where(eq(rolloutStages.rolloutId, rolloutId))
      .orderBy(asc(rolloutStages.idx));
  }

  async updateStage(
    rolloutId: string,
    idx: number,
    from: readonly string[],
    patch: Partial<typeof rolloutStages.$inferInsert>,
    ex: Executor = this.db,
  ): Promise<StageRow | undefined> {
    const [row] = await ex
      .update(rolloutStages)
      .set(patch)
      .where(
        and(
          eq(rolloutStages.rolloutId, rolloutId),
          eq(rolloutStages.idx, idx),
          inArray(rolloutStages.state, [...from]),
        ),
      )
      .returning();
    return row;
  }

  /** Inserts deployments; a device already active in another rollout is skipped (unique index), not failed. */
  async insertDeployments(rows: DeploymentInsert[], ex: Executor = this.db): Promise<string[]> {
    const out: string[] = [];
    // PostgreSQL takes at most 65,535 parameters per statement: a stage of 10,000 devices is chunked.
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const inserted = await ex
        .insert(rolloutDevices)
        .values(rows.slice(i, i + INSERT_CHUNK))
        .onConflictDoNothing()
        .returning({ deviceId: rolloutDevices.deviceId });
      out.push(...inserted.map((r) => r.deviceId));
    }
    return out;
  }

  deployments(
    rolloutId: string,
    opts: { stageIdx?: number; states?: readonly string[] } = {},
  ): Promise<DeploymentRow[]> {
    const where: (SQL | undefined)[] = [
      eq(rolloutDevices.rolloutId, rolloutId),
      opts.stageIdx !== undefined ? eq(rolloutDevices.stageIdx, opts.stageIdx) : undefined,
      opts.states ? inArray(rolloutDevices.state, [...opts.states]) : undefined,
    ];
    return this.db
      .select()
      .from(rolloutDevices)
      .where(and(...where))
      .orderBy(asc(rolloutDevices.stageIdx), asc(rolloutDevices.deviceId));
  }

  async deploymentsPage(
    rolloutId: string,
    state: string | null,
    first: number,
    after: string | null,
  ): Promise<DeploymentRow[]> {
    return this.db
      .select()
      .from(rolloutDevices)
      .where(
        and(
          eq(rolloutDevices.rolloutId, rolloutId),
          state ? eq(rolloutDevices.state, state) : undefined,
          after ? sql`${rolloutDevices.deviceId} > ${after}` : undefined,
        ),
      )
      .orderBy(asc(rolloutDevices.deviceId))
      .limit(first);
  }

  /**
   * The deployment a device's report about `rev` concerns: its active one, or else the one that
   * sent it `rev` (its rollout ended while it was offline; its report still closes the row).
   */
  async deploymentForReport(deviceId: string, rev: number): Promise<DeploymentRow | undefined> {
    return (
      await this.db
        .select()
        .from(rolloutDevices)
        .where(
          and(
            eq(rolloutDevices.deviceId, deviceId),
            or(
              eq(rolloutDevices.active, true),
              eq(rolloutDevices.desiredRev, rev),
              eq(rolloutDevices.rollbackRev, rev),
            ),
          ),
        )
        .orderBy(desc(rolloutDevices.active), desc(rolloutDevices.updatedAt))
        .limit(1)
    )[0];
  }

  /** Devices among `deviceIds` held by another active rollout. */
  async conflicts(
    deviceIds: readonly string[],
    rolloutId: string | null,
  ): Promise<{ deviceId: string; rolloutId: string }[]> {
    if (deviceIds.length === 0) return [];
    return this.db
      .select({ deviceId: rolloutDevices.deviceId, rolloutId: rolloutDevices.rolloutId })
      .from(rolloutDevices)
      .innerJoin(rollouts, eq(rollouts.id, rolloutDevices.rolloutId))
      .where(
        and(
          anyText(rolloutDevices.deviceId, deviceIds),
          eq(rolloutDevices.active, true),
          inArray(rollouts.state, [...ACTIVE_ROLLOUT_STATES]),
          rolloutId ? ne(rolloutDevices.rolloutId, rolloutId) : undefined,
        ),
      );
  }

  /** Moves deployments from one of `from` to `to`, stamping the history; returns the ones that moved. */
  async transition(
    rolloutId: string,
    deviceIds: readonly string[],
    from: readonly DeploymentState[],
    to: DeploymentState,
    now: Date,
    extra: Partial<DeploymentInsert> = {},
    ex: Executor = this.db,
  ): Promise<DeploymentRow[]> {
    if (deviceIds.length === 0) return [];
    return ex
      .update(rolloutDevices)
      .set({
        ...extra,
        state: to,
        history: sql`${rolloutDevices.history} || jsonb_build_object(${to}::text, ${now.toISOString()}::text)`,
        updatedAt: now,
      })
      .where(
        and(
          eq(rolloutDevices.rolloutId, rolloutId),
          anyText(rolloutDevices.deviceId, deviceIds),
          inArray(rolloutDevices.state, [...from]),
        ),
      )
      .returning();
  }

  /** In-flight deployments that have been converging since before `before`. */
  async staleInFlight(rolloutId: string, states: readonly string[], before: Date): Promise<DeploymentRow[]> {
    return this.db
      .select()
      .from(rolloutDevices)
      .where(
        and(
          eq(rolloutDevices.rolloutId, rolloutId),
          inArray(rolloutDevices.state, [...states]),
          lt(rolloutDevices.updatedAt, before),
        ),
      );
  }

  async release(rolloutId: string, ex: Executor = this.db): Promise<void> {
    await ex.update(rolloutDevices).set({ active: false }).where(eq(rolloutDevices.rolloutId, rolloutId));
  }

  async countsByState(rolloutId: string): Promise<{ stageIdx: number; state: string; n: number }[]> {
    return this.db
      .select({ stageIdx: rolloutDevices.stageIdx, state: rolloutDevices.state, n: sql<number>`count(*)::int` })
      .from(rolloutDevices)
      .where(eq(rolloutDevices.rolloutId, rolloutId))
      .groupBy(rolloutDevices.stageIdx, rolloutDevices.state);
  }

  async insertEvaluation(row: typeof gateEvaluations.$inferInsert, ex: Executor = this.db): Promise<EvaluationRow> {
    const [created] = await ex.insert(gateEvaluations).values(row).returning();
    if (!created) throw new Error('evaluation insert returned nothing');
    return created;
  }

  evaluations(rolloutId: string, stageIdx: number | null): Promise<EvaluationRow[]> {
    return this.db
      .select()
      .from(gateEvaluations)
      .where(
        and(
          eq(gateEvaluations.rolloutId, rolloutId),
          stageIdx == null ? undefined : eq(gateEvaluations.stageIdx, stageIdx),
        ),
      )
      .orderBy(asc(gateEvaluations.id));
  }

  async lastEvaluation(rolloutId: string, stageIdx: number): Promise<EvaluationRow | undefined> {
    return (
      await this.db
        .select()
        .from(gateEvaluations)
        .where(and(eq(gateEvaluations.rolloutId, rolloutId), eq(gateEvaluations.stageIdx, stageIdx)))
        .orderBy(desc(gateEvaluations.id))
        .limit(1)
    )[0];
  }
}
