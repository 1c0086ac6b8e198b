import { Inject, Injectable, Logger } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '../database/database.tokens.js';
import type { GateReport } from './gates/gate-report.types.js';
import type { StageInput } from './planning/stage-plan.util.js';
import { RolloutDeployer } from './rollout-deployer.service.js';
import { RolloutGate } from './rollout-gate.service.js';
import { RolloutProgress } from './rollout-progress.service.js';
import { RolloutQueue } from './rollout-queue.service.js';
import { RolloutRollback } from './rollout-rollback.service.js';
import { RolloutStageStarter } from './rollout-stage-starter.service.js';
import { DeploymentState, RolloutState, StageState } from './rollout-state.constant.js';
import { RolloutRepository, type RolloutRow, type StageRow } from './rollout.repository.js';

/** How soon a rollout waiting on time (bake, pending gate data) is looked at again. */
const RECHECK_MS = 1000;
/** Gate evaluations that only say "pending" are stored at most this often per stage. */
const PENDING_RECORD_MS = 10_000;

/**
 * The rollout state machine. A step reads everything from Postgres and moves the rollout as far as
 * it can (start a stage, send devices, judge the gates, start the next stage, roll back), each move
 * a conditional update, so a step repeated after a crash or a lost job does no harm and a rollout
 * resumes exactly where it was. Steps of one rollout never overlap: a session advisory lock per
 * rollout (released by PostgreSQL if the process dies) guards every step, whichever job runs it.
 */
@Injectable()
export class RolloutController {
  private readonly logger = new Logger(RolloutController.name);

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly repo: RolloutRepository,
    private readonly starter: RolloutStageStarter,
    private readonly deployer: RolloutDeployer,
    private readonly gate: RolloutGate,
    private readonly rollback: RolloutRollback,
    private readonly queue: RolloutQueue,
    private readonly progress: RolloutProgress,
  ) {}

  /** Runs a step unless another process or job is stepping this rollout right now. */
  async step(rolloutId: string): Promise<string> {
    const client = await this.pool.connect();
    try {
      const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
        `rollout:${rolloutId}`,
      ]);
      if (!locked.rows[0]?.ok) return 'busy';
      try {
        return await this.stepLocked(rolloutId);
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`rollout:${rolloutId}`]);
      }
    } finally {
      client.release();
    }
  }

  private async stepLocked(rolloutId: string): Promise<string> {
    // Bounded: each pass either finishes a stage or returns; a long rollout needs many steps anyway.
    for (let pass = 0; pass < 20; pass++) {
      const rollout = await this.repo.findById(rolloutId);
      if (!rollout) return 'gone';
      if (rollout.state === RolloutState.RollingBack) return this.stepRollback(rollout);
      if (rollout.state !== RolloutState.Running) return rollout.state;
      const result = await this.stepRunning(rollout);
      if (result !== 'advanced') return result;
    }
    return 'advanced';
  }

  private async stepRunning(rollout: RolloutRow): Promise<string> {
    const now = new Date();
    const stages = await this.repo.stages(rollout.id);
    let stage = stages.find((s) => s.idx === rollout.currentStage);
    if (!stage) return 'no-stage';
    if (stage.state === StageState.Pending) {
      const added = await this.starter.start(rollout, stage.idx, now);
      this.logger.log(`rollout ${rollout.id}: stage ${stage.idx} started with ${added} device(s)`);
      // Not awaited: the counts query must not delay the stage's first documents (gate → publish latency).
      void this.progress.announce(rollout, `stage ${stage.idx} started: ${added} device(s)`);
      stage = (await this.repo.stages(rollout.id)).find((s) => s.idx === rollout.currentStage);
      if (!stage) return 'no-stage';
    }
    if (stage.state === StageState.Deploying) {
      const out = await this.deployer.deploy(rollout, stage.idx, now);
      if (out.sent || out.failed)
        await this.progress.announce(rollout, `stage ${stage.idx}: ${out.sent} sent, ${out.failed} failed`);
      if (!out.settled) return 'deploying';
      const bakeSec = (rollout.stages as unknown as StageInput[])[stage.idx]?.bakeSec ?? 0;
      const gates = rollout.gates as { evaluationTimeoutSec?: number };
      const bakeUntil = new Date(now.getTime() + bakeSec * 1000);
      const moved = await this.repo.updateStage(rollout.id, stage.idx, [StageState.Deploying], {
        state: StageState.Baking,
        deployedAt: now,
        bakeUntil,
        deadlineAt: new Date(bakeUntil.getTime() + (gates.evaluationTimeoutSec ?? 600) * 1000),
      });
      if (!moved) return 'raced';
      await this.progress.announce(rollout, `stage ${stage.idx} deployed; baking ${bakeSec} s`);
      stage = moved;
    }
    if (stage.state === StageState.Baking) return this.judge(rollout, stage, now);
    return stage.state;
  }

  private async judge(rollout: RolloutRow, stage: StageRow, now: Date): Promise<string> {
    if (stage.bakeUntil && now < stage.bakeUntil) {
      await this.queue.step(rollout.id, Math.min(stage.bakeUntil.getTime() - now.getTime() + 5, 60_000));
      return 'baking';
    }
    const report = await this.gate.evaluate(rollout, stage, now);
    if (report.outcome === 'pending') {
      const last = await this.repo.lastEvaluation(rollout.id, stage.idx);
      if (!last || last.outcome !== 'pending' || now.getTime() - last.evaluatedAt.getTime() > PENDING_RECORD_MS) {
        await this.record(rollout, stage, report, now);
      }
      await this.queue.step(rollout.id, RECHECK_MS);
      return 'pending';
    }
    await this.record(rollout, stage, report, now);
    const last = stage.idx >= (rollout.stages as unknown[]).length - 1;
    switch (report.outcome) {
      case 'pass': {
        const passed = await this.repo.updateStage(rollout.id, stage.idx, [StageState.Baking], {
          state: StageState.Passed,
          finishedAt: now,
        });
        if (!passed) return 'raced';
        const updated = await this.repo.update(
          rollout.id,
          [RolloutState.Running],
          last
            ? { state: RolloutState.Completed, finishedAt: now }
            : rollout.autoPromote
              ? { currentStage: stage.idx + 1 }
              : { state: RolloutState.AwaitingApproval, reason: `stage ${stage.idx} passed; waiting for approval` },
        );
        if (last) await this.repo.release(rollout.id);
        if (updated) void this.progress.announce(updated, `stage ${stage.idx} passed: ${report.summary}`);
        return last || !rollout.autoPromote ? 'stopped' : 'advanced';
      }
      case 'fail': {
        await this.repo.transaction(async (tx) => {
          await this.repo.updateStage(
            rollout.id,
            stage.idx,
            [StageState.Baking],
            { state: StageState.Failed, finishedAt: now },
            tx,
          );
          await this.repo.update(
            rollout.id,
            [RolloutState.Running],
            { state: RolloutState.RollingBack, reason: `stage ${stage.idx} failed its gates: ${report.summary}` },
            tx,
          );
          await this.rollback.mark(rollout.id, stage.idx, now, tx);
        });
        this.logger.warn(`rollout ${rollout.id}: stage ${stage.idx} failed: ${report.summary}`);
        return 'advanced';
      }
      case 'inconclusive': {
        await this.repo.updateStage(rollout.id, stage.idx, [StageState.Baking], {
          state: StageState.Inconclusive,
          finishedAt: now,
        });
        const updated = await this.repo.update(rollout.id, [RolloutState.Running], {
          state: RolloutState.Paused,
          reason: `stage ${stage.idx} inconclusive: ${report.summary}`,
        });
        if (updated) await this.progress.announce(updated, `stage ${stage.idx} inconclusive; paused for an operator`);
        return 'paused';
      }
    }
  }

  private async stepRollback(rollout: RolloutRow): Promise<string> {
    const now = new Date();
    const done = await this.rollback.advance(rollout, now);
    if (!done) {
      await this.progress.announce(rollout, 'rolling back');
      return 'rolling-back';
    }
    const failedStage = (await this.repo.stages(rollout.id)).some((s) => s.state === StageState.Failed);
    const updated = await this.repo.transaction(async (tx) => {
      const row = await this.repo.update(
        rollout.id,
        [RolloutState.RollingBack],
        { state: failedStage ? RolloutState.Failed : RolloutState.RolledBack, finishedAt: now },
        tx,
      );
      if (row) await this.repo.release(rollout.id, tx);
      return row;
    });
    if (updated) {
      const counts = await this.progress.counts(rollout.id);
      await this.progress.announce(updated, `rolled back ${counts[DeploymentState.RolledBack] ?? 0} device(s)`);
    }
    return updated?.state ?? 'raced';
  }

  private async record(rollout: RolloutRow, stage: StageRow, report: GateReport, now: Date): Promise<void> {
    await this.repo.insertEvaluation({
      rolloutId: rollout.id,
      stageIdx: stage.idx,
      outcome: report.outcome,
      report: report as unknown as Record<string, unknown>,
      evaluatedAt: now,
    });
  }
}
