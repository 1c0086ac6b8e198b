import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ArtifactRef, DesiredModel, ReportedPhase, Verification } from '@jetfleet/protocol';
import type { HardwareAdapter } from '../hardware/hardware-adapter.js';
import type { ConvergenceOutcome, EngineRecord } from './agent-state.types.js';
import type { EngineStore } from './engine-store.js';
import { describeMeasurement, judgeHealth, type HealthMeasurement } from './health-check.util.js';
import { ReconcileError, toReportedError } from './reconcile-error.js';
import type { ModelStep } from './reconcile-plan.util.js';

export type DownloadFn = (
  ref: ArtifactRef,
  dest: string,
  opts: { signal?: AbortSignal; attempts?: number },
) => Promise<void>;

export interface StepContext {
  /** Aborted when a newer rev arrives or the agent stops; honoured only until `commit()`. */
  readonly cancel: AbortSignal;
  /** Aborted only when the agent stops. */
  readonly stop: AbortSignal;
  /** From here on the device changes what it serves, so the step runs to its end. */
  commit(): void;
  phase(phase: ReportedPhase): Promise<void>;
}

export interface Engines {
  readonly active: EngineRecord | null;
  readonly previous: EngineRecord | null;
}

export interface ModelResult extends Engines {
  readonly outcome: ConvergenceOutcome;
}

/**
 * Executes a model step. Invariant: the active engine is switched only after the new one is installed and
 * complete, and the engine it replaces stays on disk until the new one passed its health check, so every
 * failure leaves (or restores) a working engine.
 */
export class ModelConverger {
  constructor(
    private readonly adapter: HardwareAdapter,
    private readonly engines: EngineStore,
    private readonly downloadsDir: string,
    private readonly download: DownloadFn,
  ) {}

  async apply(step: ModelStep, current: Engines, ctx: StepContext): Promise<ModelResult> {
    switch (step.kind) {
      case 'keep':
        return this.keep(step.model, current);
      case 'deactivate':
        return this.deactivate(current, ctx);
      case 'swap_to_previous':
        if (current.previous !== null && (await this.adapter.hasEngineFile(current.previous.path))) {
          return this.swapToPrevious(step.model, current, current.previous, ctx);
        }
        return this.install(step.model, { ...current, previous: null }, ctx);
      case 'install':
        return this.install(step.model, current, ctx);
    }
  }

  private keep(model: DesiredModel, current: Engines): ModelResult {
    const active = current.active === null ? null : { ...current.active, ...ids(model) };
    return { active, previous: current.previous, outcome: healthy(active?.verification ?? null) };
  }

  private async deactivate(current: Engines, ctx: StepContext): Promise<ModelResult> {
    ctx.cancel.throwIfAborted();
    ctx.commit();
    await ctx.phase('activating');
    this.adapter.activateEngine(null);
    this.adapter.recordAp50(null);
    return { active: null, previous: current.active, outcome: { phase: 'idle', error: null, verification: null } };
  }

  /** The control plane's rollback: the kept engine was verified when it last served, so it is a swap. */
  private async swapToPrevious(
    model: DesiredModel,
    current: Engines,
    previous: EngineRecord,
    ctx: StepContext,
  ): Promise<ModelResult> {
    ctx.cancel.throwIfAborted();
    ctx.commit();
    await ctx.phase('activating');
    const active = { ...previous, ...ids(model) };
    this.adapter.activateEngine(active.path);
    this.adapter.recordAp50(active.verification?.ap50 ?? null);
    return { active, previous: current.active, outcome: healthy(active.verification) };
  }

  private async install(model: DesiredModel, current: Engines, ctx: StepContext): Promise<ModelResult> {
    const sha = model.engine.sha256;
    if (!(await this.engines.has(sha))) await this.fetch(model.engine, ctx);
    ctx.cancel.throwIfAborted();
    ctx.commit();
    await ctx.phase('activating');
    const enginePath = this.engines.pathFor(sha);
    try {
      this.adapter.activateEngine(enginePath);
    } catch (err) {
      this.restore(current.active);
      throw new ReconcileError('activation_failed', (err as Error).message, { cause: err });
    }
    await ctx.phase('verifying');
    const measured = await this.measure(enginePath, ctx.stop);
    const verification: Verification = { latencyP95Ms: measured.latencyP95Ms, fps: measured.fps, ap50: measured.ap50 };
    const verdict = judgeHealth(model.health, measured);
    if (verdict.ok) {
      this.adapter.recordAp50(measured.ap50);
      const active: EngineRecord = { ...ids(model), engineSha256: sha, path: enginePath, verification };
      return { active, previous: current.active, outcome: healthy(verification) };
    }
    this.restore(current.active);
    await this.engines.remove(sha);
    const message = `${verdict.message} (measured ${describeMeasurement(verification)})`;
    return {
      ...current,
      outcome: { phase: 'rolled_back', error: { code: 'health_check_failed', message }, verification },
    };
  }

  private async fetch(ref: ArtifactRef, ctx: StepContext): Promise<void> {
    ctx.cancel.throwIfAborted();
    await ctx.phase('downloading');
    const dest = path.join(this.downloadsDir, `${ref.sha256}.engine`);
    // About a minute of retries (capped backoff): long enough to ride out a control-plane restart.
    await this.download(ref, dest, { signal: ctx.cancel, attempts: 10 });
    try {
      ctx.cancel.throwIfAborted();
      await this.engines.install(ref.sha256, await readFile(dest));
    } catch (err) {
      if (ctx.cancel.aborted) throw err;
      const reported = toReportedError(err);
      throw new ReconcileError(reported.code === 'disk_full' ? 'disk_full' : 'activation_failed', reported.message, {
        cause: err,
      });
    } finally {
      await rm(dest, { force: true });
    }
  }

  /** trtexec loads the engine and runs it (latency, FPS); then the golden set, where the board can score it. */
  private async measure(enginePath: string, stop: AbortSignal): Promise<HealthMeasurement> {
    const none = { latencyP95Ms: null, fps: null, ap50: null };
    try {
      const bench = await this.adapter.benchmarkEngine(enginePath, { signal: stop });
      if (!bench.ok || bench.run === null) {
        const failure = bench.failure === null ? 'trtexec failed' : `${bench.failure.kind}: ${bench.failure.summary}`;
        return { ran: false, failure, ...none };
      }
      const ap50 = await this.adapter.evaluateAp50(enginePath);
      return { ran: true, latencyP95Ms: bench.run.latencyP95Ms, fps: bench.run.fps, ap50 };
    } catch (err) {
      if (stop.aborted) throw err;
      return { ran: false, failure: (err as Error).message, ...none };
    }
  }

  private restore(active: EngineRecord | null): void {
    this.adapter.activateEngine(active?.path ?? null);
    this.adapter.recordAp50(active?.verification?.ap50 ?? null);
  }
}

const ids = (model: DesiredModel): Pick<EngineRecord, 'modelVersionId' | 'recipeHash'> => ({
  modelVersionId: model.modelVersionId,
  recipeHash: model.recipeHash,
});

const healthy = (verification: Verification | null): ConvergenceOutcome => ({
  phase: 'healthy',
  error: null,
  verification,
});
