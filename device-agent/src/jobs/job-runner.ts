import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BuildRecipe } from '@jetfleet/jetson';
import {
  buildEngineParamsSchema,
  cancelJobParamsSchema,
  fetchEngineParamsSchema,
  type BuildEngineParams,
  type BuildEngineResult,
  type FetchEngineParams,
  type JobCommand,
  type JobProgress,
} from '@jetfleet/protocol';
import type { HardwareAdapter } from '../hardware/hardware-adapter.js';
import type { EngineStore } from '../reconcile/engine-store.js';
import { downloadArtifact } from './artifact-download.js';
import { uploadEngine } from './engine-upload.js';

export interface JobRunnerOptions {
  adapter: HardwareAdapter;
  /** Where models and engines are kept on the device. */
  workDir: string;
  publish: (progress: JobProgress) => Promise<void>;
  /**
   * Where engines are kept by sha256. Fetched and built engines land there, so a desired state that names
   * them later activates them without a download.
   */
  engines?: EngineStore;
  log?: (level: 'info' | 'warn' | 'error', msg: string) => void;
}

const LOG_TAIL_CHARS = 8000;
const DONE_MEMORY = 200;

type Outcome = Pick<JobProgress, 'state' | 'message' | 'result'>;

/**
 * Runs one-off jobs sent by the control plane. Jobs are idempotent by id: a redelivered job that
 * already finished gets its final progress again, a running one is left alone. Heavy jobs run one
 * at a time (a Jetson builds one engine at a time); `cancel` aborts a queued or running job.
 */
export class JobRunner {
  private readonly running = new Map<string, AbortController>();
  private readonly finished = new Map<string, JobProgress>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly opts: JobRunnerOptions) {}

  handle(cmd: JobCommand): void {
    const done = this.finished.get(cmd.jobId);
    if (done) {
      void this.opts.publish(done);
      return;
    }
    if (this.running.has(cmd.jobId)) return;
    if (cmd.kind === 'cancel') {
      void this.cancel(cmd);
      return;
    }
    const abort = new AbortController();
    this.running.set(cmd.jobId, abort);
    const deadline = AbortSignal.timeout(cmd.deadlineSec * 1000);
    const signal = AbortSignal.any([abort.signal, deadline]);
    void this.progress(cmd.jobId, { state: 'accepted' });
    this.queue = this.queue.then(async () => {
      let outcome: Outcome;
      try {
        signal.throwIfAborted();
        outcome = await this.run(cmd, signal);
      } catch (err) {
        outcome = abort.signal.aborted
          ? { state: 'cancelled', message: 'cancelled by the control plane' }
          : deadline.aborted
            ? { state: 'failed', message: `deadline of ${cmd.deadlineSec} s passed` }
            : { state: 'failed', message: (err as Error).message.slice(0, 2000) };
      }
      this.running.delete(cmd.jobId);
      const final = await this.progress(cmd.jobId, outcome);
      this.finished.set(cmd.jobId, final);
      if (this.finished.size > DONE_MEMORY) this.finished.delete(this.finished.keys().next().value as string);
    });
  }

  /** Aborts everything; used when the agent stops. */
  abortAll(): void {
    for (const a of this.running.values()) a.abort();
  }

  private async run(cmd: JobCommand, signal: AbortSignal): Promise<Outcome> {
    switch (cmd.kind) {
      case 'build-engine':
        return this.build(cmd.jobId, buildEngineParamsSchema.parse(cmd.params), signal);
      case 'fetch-engine':
        return this.fetch(cmd.jobId, fetchEngineParamsSchema.parse(cmd.params), signal);
      case 'cancel':
      case 'evaluate-accuracy':
      case 'benchmark':
        return { state: 'failed', message: `job kind ${cmd.kind} is not supported by this agent` };
    }
  }

  private async cancel(cmd: JobCommand): Promise<void> {
    const parsed = cancelJobParamsSchema.safeParse(cmd.params);
    if (!parsed.success) {
      await this.progress(cmd.jobId, { state: 'failed', message: 'cancel: params.jobId is required' });
      return;
    }
    this.running.get(parsed.data.jobId)?.abort();
    await this.progress(cmd.jobId, { state: 'succeeded', message: `cancel sent to ${parsed.data.jobId}` });
  }

  private async build(jobId: string, p: BuildEngineParams, signal: AbortSignal): Promise<Outcome> {
    const dir = path.join(this.opts.workDir, 'models', p.modelVersionId);
    const onnxPath = path.join(dir, `${p.onnx.sha256}.onnx`);
    await this.progress(jobId, { state: 'running', progressPct: 2, message: 'downloading model' });
    await downloadArtifact(p.onnx, onnxPath, { signal });
    let calibrationCachePath: string | undefined;
    if (p.calibration) {
      calibrationCachePath = path.join(dir, `${p.calibration.sha256}.calib`);
      await downloadArtifact(p.calibration, calibrationCachePath, { signal });
    }
    this.opts.adapter.noteModelHints(onnxPath, p.simHints);
    const enginePath = path.join(this.opts.workDir, 'engines', `${p.buildId}.engine`);
    await mkdir(path.dirname(enginePath), { recursive: true });
    const recipe: BuildRecipe = {
      onnxPath,
      enginePath,
      precision: p.recipe.precision,
      ...(calibrationCachePath ? { calibrationCachePath } : {}),
      ...(p.recipe.explicitQuantization ? { explicitQuantization: true } : {}),
      ...(p.recipe.shapes ? { shapes: p.recipe.shapes } : {}),
      ...(p.recipe.dlaCore !== undefined ? { dlaCore: p.recipe.dlaCore } : {}),
      ...(p.recipe.gpuFallback !== undefined ? { gpuFallback: p.recipe.gpuFallback } : {}),
      ...(p.recipe.memPoolMiB !== undefined ? { memPoolMiB: p.recipe.memPoolMiB } : {}),
      ...(p.recipe.timingCache ? { timingCachePath: path.join(this.opts.workDir, 'timing.cache') } : {}),
      ...(p.recipe.cudaGraph ? { cudaGraph: true } : {}),
    };
    const phasePct: Record<string, number> = {
      parsing: 10,
      building: 20,
      built: 80,
      loaded: 85,
      inference: 90,
      summary: 95,
    };
    const built = await this.opts.adapter.buildEngine(recipe, {
      signal,
      onProgress: (pr) => {
        const pct = phasePct[pr.phase];
        if (pct !== undefined) void this.progress(jobId, { state: 'running', progressPct: pct, message: pr.phase });
      },
    });
    const run = built.run;
    if (!built.ok || !run) {
      return {
        state: 'failed',
        message: built.failure ? `${built.failure.kind}: ${built.failure.summary}` : 'build failed',
        ...(run ? { result: { logTail: run.log.slice(-LOG_TAIL_CHARS) } } : {}),
      };
    }
    const bytes = await this.opts.adapter.readEngineFile(enginePath);
    let sha256: string;
    if (p.engineUploadUrl) {
      await this.progress(jobId, { state: 'running', progressPct: 97, message: 'uploading engine' });
      sha256 = (await uploadEngine(p.engineUploadUrl, bytes, signal)).sha256;
    } else {
      sha256 = createHash('sha256').update(bytes).digest('hex');
    }
    await this.keepEngine(sha256, bytes, enginePath);
    const result: BuildEngineResult = {
      engineSha256: sha256,
      engineSizeBytes: bytes.length,
      trtVersion: run.result.trtVersion,
      throughputQps: run.result.throughputQps,
      latencyMs: run.result.latencyMs ? { ...run.result.latencyMs } : null,
      gpuComputeMs: run.result.gpuComputeMs ? { ...run.result.gpuComputeMs } : null,
      logTail: run.log.slice(-LOG_TAIL_CHARS),
      durationMs: Math.round(run.durationMs),
    };
    return { state: 'succeeded', message: 'engine built', result };
  }

  private async fetch(jobId: string, p: FetchEngineParams, signal: AbortSignal): Promise<Outcome> {
    await this.progress(jobId, { state: 'running', progressPct: 5, message: 'downloading engine' });
    const download = path.join(this.opts.workDir, 'downloads', `${p.engine.sha256}.engine`);
    await downloadArtifact(p.engine, download, { signal });
    const enginePath =
      this.opts.engines?.pathFor(p.engine.sha256) ??
      path.join(this.opts.workDir, 'engines', `${p.modelVersionId}-${p.recipeHash.slice(0, 16)}.engine`);
    try {
      await this.opts.adapter.installEngineFile(enginePath, await readFile(download));
    } finally {
      await rm(download, { force: true });
    }
    return { state: 'succeeded', message: 'engine installed', result: { engineSha256: p.engine.sha256, enginePath } };
  }

  /** Moves a built engine into the engine store under its digest; best effort (the upload already happened). */
  private async keepEngine(sha256: string, bytes: Buffer, builtPath: string): Promise<void> {
    const store = this.opts.engines;
    if (!store || store.pathFor(sha256) === builtPath) return;
    try {
      if (!(await store.has(sha256))) await store.install(sha256, bytes);
      await this.opts.adapter.removeEngineFile(builtPath);
    } catch (err) {
      this.opts.log?.('warn', `built engine not kept by digest: ${(err as Error).message}`);
    }
  }

  private async progress(jobId: string, p: Outcome & { progressPct?: number }): Promise<JobProgress> {
    const msg: JobProgress = { jobId, ...p, ts: new Date().toISOString() };
    await this.opts.publish(msg).catch((err: Error) => this.opts.log?.('warn', `progress not sent: ${err.message}`));
    return msg;
  }
}
