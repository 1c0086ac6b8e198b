import path from 'node:path';
import type { DesiredState, ReportedPhase, ReportedState } from '@jetfleet/protocol';
import type { HardwareAdapter } from '../hardware/hardware-adapter.js';
import { downloadArtifact } from '../jobs/artifact-download.js';
import { AgentStateStore } from './agent-state.store.js';
import { initialAgentState, type AgentState, type ConvergenceOutcome } from './agent-state.types.js';
import { EngineStore } from './engine-store.js';
import { ModelConverger, type DownloadFn, type StepContext } from './model-converger.js';
import { applyPowerMode } from './power-mode.step.js';
import { toReportedError } from './reconcile-error.js';
import { enginesToKeep, planConvergence } from './reconcile-plan.util.js';
import { buildReported, restingProgress, type ReportProgress } from './reported-state.util.js';

export type ReconcileLog = (level: 'info' | 'warn' | 'error', msg: string) => void;

export interface ReconcilerOptions {
  adapter: HardwareAdapter;
  workDir: string;
  /** Sends a reported document; failures are logged, and every (re)connect sends the current one again. */
  publish: (reported: ReportedState) => Promise<void>;
  log?: ReconcileLog;
  /** Default: resumable, sha256-verified HTTP download. */
  download?: DownloadFn;
  engines?: EngineStore;
}

interface Run {
  readonly rev: number;
  readonly cancel: AbortController;
  committed: boolean;
  progress: ReportProgress;
}

/**
 * Converges the device to the newest desired state, one rev at a time. Invariants:
 * - at most one convergence runs; of the docs that arrive meanwhile only the newest waits (coalescing),
 *   and it cancels the running one while that has not yet started to change what the device serves
 *   (an in-flight download is aborted; activation and verification always finish);
 * - a rev not above the applied, running or waiting one changes nothing and re-sends the current report;
 * - `appliedRev` and the engines are persisted when a rev ends (successfully or not), never half-way, so
 *   an agent killed mid-rev redoes that rev after a restart, and one killed after it does not.
 */
export class Reconciler {
  readonly engines: EngineStore;
  private readonly store: AgentStateStore;
  private readonly converger: ModelConverger;
  private readonly stopping = new AbortController();
  private readonly log: ReconcileLog;
  private state: AgentState = initialAgentState();
  private ready: Promise<void> | null = null;
  private run: Run | null = null;
  private pending: DesiredState | null = null;
  private draining: Promise<void> | null = null;
  private last: ReportedState | null = null;

  constructor(private readonly opts: ReconcilerOptions) {
    this.log = opts.log ?? (() => undefined);
    this.engines = opts.engines ?? new EngineStore(opts.adapter, opts.workDir);
    this.store = new AgentStateStore(opts.workDir, this.log);
    this.converger = new ModelConverger(
      opts.adapter,
      this.engines,
      path.join(opts.workDir, 'downloads'),
      opts.download ?? downloadArtifact,
    );
  }

  /** What has been applied (a copy). */
  get snapshot(): AgentState {
    return structuredClone(this.state);
  }

  /** The last reported document built (sent or not). */
  get lastReported(): ReportedState | null {
    return this.last;
  }

  /** Restores the persisted state and re-activates its engine; idempotent. */
  init(): Promise<void> {
    this.ready ??= this.restore();
    return this.ready;
  }

  submit(doc: DesiredState): void {
    void this.accept(doc).catch((err: unknown) => this.log('error', `desired rev ${doc.rev}: ${String(err)}`));
  }

  /** Sends the report for where the agent is now (at rest, or the running rev's phase). */
  async publishCurrent(): Promise<void> {
    await this.init();
    await this.send(this.run?.progress ?? restingProgress(this.state));
  }

  /**
   * Tells the control plane a deployment document was refused (bad signature, expired) without
   * changing anything: the report is about the applied rev, with the refusal as its error.
   */
  async reportRefusal(code: 'signature_invalid' | 'expired', message: string): Promise<void> {
    await this.init();
    const resting = restingProgress(this.state);
    await this.send({ ...resting, error: { code, message: message.slice(0, 2000) } });
  }

  /** Resolves when nothing runs or waits. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Aborts a running convergence (which then is not recorded, so a restart redoes it). */
  async stop(): Promise<void> {
    this.pending = null;
    this.stopping.abort();
    await this.idle();
  }

  private async restore(): Promise<void> {
    try {
      await this.restoreFrom(await this.store.load());
    } catch (err) {
      this.log('error', `agent state not restored, starting fresh: ${String(err)}`);
    }
  }

  private async restoreFrom(state: AgentState): Promise<void> {
    const { adapter } = this.opts;
    if (state.previous !== null && !(await adapter.hasEngineFile(state.previous.path))) state.previous = null;
    if (state.active !== null && !(await adapter.hasEngineFile(state.active.path))) {
      // The engine is gone (disk wiped or replaced): forget the applied rev so the retained desired state
      // installs it again, instead of reporting a model the device cannot serve.
      this.log('warn', `active engine ${state.active.path} is missing; the desired state will be applied again`);
      this.state = { ...initialAgentState(), previous: state.previous, powerMode: state.powerMode };
      return;
    }
    if (state.active !== null) {
      adapter.activateEngine(state.active.path);
      adapter.recordAp50(state.active.verification?.ap50 ?? null);
    }
    this.state = state;
  }

  private async accept(doc: DesiredState): Promise<void> {
    await this.init();
    if (this.stopping.signal.aborted) return;
    const newest = Math.max(this.state.appliedRev, this.run?.rev ?? -1, this.pending?.rev ?? -1);
    if (doc.rev <= newest) {
      this.log('info', `desired rev ${doc.rev} ignored (applied ${this.state.appliedRev}, newest ${newest})`);
      await this.publishCurrent();
      return;
    }
    this.pending = doc;
    if (this.run && !this.run.committed) this.run.cancel.abort(new Error(`superseded by rev ${doc.rev}`));
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  private async drain(): Promise<void> {
    for (let doc = this.pending; doc !== null && !this.stopping.signal.aborted; doc = this.pending) {
      this.pending = null;
      await this.converge(doc);
    }
  }

  private async converge(doc: DesiredState): Promise<void> {
    const cancel = new AbortController();
    const run: Run = {
      rev: doc.rev,
      cancel,
      committed: false,
      progress: { targetRev: doc.rev, phase: 'idle', error: null, verification: null },
    };
    this.run = run;
    const signal = AbortSignal.any([cancel.signal, this.stopping.signal]);
    const next: AgentState = structuredClone(this.state);
    let outcome: ConvergenceOutcome;
    try {
      const { adapter } = this.opts;
      const mode = await adapter.powerMode({ maxAgeMs: 0, signal }).catch(() => null);
      const plan = planConvergence({ ...next, powerModeId: mode?.id ?? null }, doc);
      if (plan.powerMode !== null) {
        signal.throwIfAborted();
        await this.phase(run, 'activating');
        const applied = await applyPowerMode(adapter, plan.powerMode, this.stopping.signal);
        next.powerMode = { name: applied.name, id: applied.id };
      }
      outcome = {
        phase: next.active ? 'healthy' : 'idle',
        error: null,
        verification: next.active?.verification ?? null,
      };
      if (plan.model !== null) {
        const ctx: StepContext = {
          cancel: signal,
          stop: this.stopping.signal,
          commit: () => {
            run.committed = true;
          },
          phase: (phase) => this.phase(run, phase),
        };
        const result = await this.converger.apply(plan.model, next, ctx);
        next.active = result.active;
        next.previous = result.previous;
        outcome = result.outcome;
        if (run.committed) await this.prune(next);
      }
    } catch (err) {
      this.run = null;
      if (this.stopping.signal.aborted) return;
      if (cancel.signal.aborted && !run.committed) {
        this.log('info', `desired rev ${doc.rev} superseded before it changed the model`);
        this.state = { ...next, appliedRev: this.state.appliedRev, outcome: this.state.outcome };
        return;
      }
      const error = toReportedError(err);
      this.log('warn', `desired rev ${doc.rev} failed: ${error.code}: ${error.message}`);
      outcome = { phase: 'failed', error, verification: null };
    }
    this.run = null;
    this.state = { ...next, appliedRev: doc.rev, outcome };
    await this.store
      .save(this.state)
      .catch((err: unknown) => this.log('error', `agent state not saved: ${String(err)}`));
    await this.send(restingProgress(this.state));
  }

  /** Failures to delete are logged: a stray file costs disk, not correctness. */
  private async prune(state: AgentState): Promise<void> {
    try {
      const removed = await this.engines.prune(enginesToKeep(state.active, state.previous));
      if (removed.length > 0) this.log('info', `removed ${removed.length} old engine(s)`);
    } catch (err) {
      this.log('warn', `engine cleanup failed: ${String(err)}`);
    }
  }

  private async phase(run: Run, phase: ReportedPhase): Promise<void> {
    run.progress = { ...run.progress, phase };
    await this.send(run.progress);
  }

  private async send(progress: ReportProgress): Promise<void> {
    let reported: ReportedState;
    try {
      const mode = await this.opts.adapter.powerMode().catch(() => null);
      reported = buildReported(this.state, progress, mode, new Date());
    } catch (err) {
      this.log('error', `reported state not built: ${String(err)}`);
      return;
    }
    this.last = reported;
    await this.opts.publish(reported).catch((err: unknown) => this.log('warn', `reported not sent: ${String(err)}`));
  }
}
