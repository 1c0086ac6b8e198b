import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { resolvePowerMode, type BuildRecipe, type JetsonClocksShow, type ModuleId } from '@jetfleet/jetson';
import type { HardwareFacts, TelemetrySample } from '@jetfleet/protocol';
import type { CommandRunner } from '../command/command-runner.js';
import { ProcessCommandRunner } from '../command/process-command-runner.js';
import { JetsonClocksExecutor, type JetsonClocksAction } from '../executors/jetson-clocks.executor.js';
import { NvpmodelExecutor, type NvpmodelMode, type NvpmodelSetOutcome } from '../executors/nvpmodel.executor.js';
import { TegrastatsSampler, type TegrastatsReading } from '../executors/tegrastats.sampler.js';
import { TrtexecExecutor, type TrtexecRun, type TrtexecRunOptions } from '../executors/trtexec.executor.js';
import type { HardwareAdapter } from '../hardware-adapter.js';
import { HardwareError } from '../hardware-error.js';
import type { BoardFiles } from './board-files.js';
import type { EngineRunResult } from './engine-run.types.js';
import { NodeBoardFiles } from './node-board-files.js';
import { readBoardIdentity, type BoardIdentity, type IdentityOverrides } from './read-board-identity.js';
import { toTelemetrySample, type InferenceMetrics } from './to-telemetry-sample.util.js';

export interface JetsonAdapterOptions extends IdentityOverrides {
  readonly runner: CommandRunner;
  readonly files: BoardFiles;
  readonly kind?: 'jetson' | 'simulated';
  readonly tegrastatsIntervalMs?: number;
  /** File system the engines live on (default `/`). */
  readonly diskPath?: string;
  /** A build is refused (`disk_full`) below this much free space (default 1024 MB). */
  readonly minFreeDiskMB?: number;
  /** How long a read power mode is trusted before `nvpmodel -q` runs again (default 60 s). */
  readonly powerModeTtlMs?: number;
  readonly commandTimeoutMs?: number;
  readonly buildTimeoutMs?: number;
  readonly trtexecPath?: string;
}

export type JetsonHostOptions = Omit<JetsonAdapterOptions, 'runner' | 'files' | 'kind'>;

/**
 * A Jetson seen through its files and tools. The simulated board is this class fed with a simulated runner and
 * simulated files, so identification, executors and parsers are the code that runs on a real board.
 */
export class JetsonAdapter implements HardwareAdapter {
  readonly kind: 'jetson' | 'simulated';
  protected readonly nvpmodel: NvpmodelExecutor;
  protected readonly trtexec: TrtexecExecutor;
  protected readonly clocks: JetsonClocksExecutor;
  protected activeEnginePath: string | null = null;
  private readonly files: BoardFiles;
  private readonly runner: CommandRunner;
  private readonly closing = new AbortController();
  private readonly benchmarks = new Map<string, InferenceMetrics>();
  private identityPromise: Promise<BoardIdentity> | null = null;
  private sampler: TegrastatsSampler | null = null;
  private mode: { value: NvpmodelMode; readAt: number } | null = null;
  private modeRead: Promise<NvpmodelMode | null> | null = null;
  private ap50: number | null = null;

  constructor(private readonly options: JetsonAdapterOptions) {
    this.kind = options.kind ?? 'jetson';
    this.runner = options.runner;
    this.files = options.files;
    const timeoutMs = options.commandTimeoutMs ?? 15_000;
    this.nvpmodel = new NvpmodelExecutor(this.runner, { timeoutMs });
    this.clocks = new JetsonClocksExecutor(this.runner, { timeoutMs });
    this.trtexec = new TrtexecExecutor(this.runner, {
      ...(options.trtexecPath === undefined ? {} : { command: options.trtexecPath }),
      ...(options.buildTimeoutMs === undefined ? {} : { timeoutMs: options.buildTimeoutMs }),
    });
  }

  /** The board this process runs on. */
  static forHost(options: JetsonHostOptions = {}): JetsonAdapter {
    return new JetsonAdapter({ ...options, runner: new ProcessCommandRunner(), files: new NodeBoardFiles() });
  }

  identity(signal?: AbortSignal): Promise<BoardIdentity> {
    this.assertOpen();
    signal?.throwIfAborted();
    this.identityPromise ??= readBoardIdentity(this.files, this.options).catch((error: unknown) => {
      this.identityPromise = null;
      throw error;
    });
    return this.identityPromise;
  }

  async facts(signal?: AbortSignal): Promise<HardwareFacts> {
    const id = await this.identity(signal);
    this.ensureSampler(id.module.id);
    const [mode, disk] = await Promise.all([
      this.powerMode({ maxAgeMs: 0, ...this.signalOption(signal) }),
      this.files.diskSpace(this.diskPath),
    ]);
    const spec = id.module;
    return {
      module: spec.id,
      moduleName: spec.name,
      soc: spec.soc,
      l4t: id.l4t,
      jetpack: id.jetpack,
      tensorrt: id.tensorrt,
      cuda: id.cuda,
      smArch: spec.smArch,
      dlaCores: spec.dlaCores,
      cpuCores: spec.cpuCores,
      ramTotalMB: Math.max(1, Math.round(id.ramTotalMB)),
      diskTotalMB: Math.floor(disk.totalMB),
      diskFreeMB: Math.floor(disk.freeMB),
      powerMode: mode?.name ?? null,
      simulated: this.kind === 'simulated',
    };
  }

  async sample(signal?: AbortSignal): Promise<TelemetrySample> {
    const id = await this.identity(signal);
    const sampler = this.ensureSampler(id.module.id);
    const staleMs = 3 * sampler.intervalMs + 1000;
    let reading: TegrastatsReading | null = sampler.latest();
    if (reading === null || Date.now() - reading.receivedAt > staleMs) {
      reading = await sampler.next({ timeoutMs: staleMs + sampler.intervalMs, ...this.signalOption(signal) });
    }
    const [mode, disk] = await Promise.all([
      this.powerMode(this.signalOption(signal)),
      this.files.diskSpace(this.diskPath).catch(() => null),
    ]);
    return toTelemetrySample(reading, {
      powerMode: mode?.name ?? null,
      inference: this.activeEnginePath === null ? null : this.inferenceMetrics(this.activeEnginePath),
      ap50: this.ap50,
      diskFreeMB: disk?.freeMB ?? null,
    });
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort(new HardwareError('closed', 'hardware adapter closed'));
    await this.sampler?.stop();
  }

  /** Cached `nvpmodel -q`; the last known mode (or null) when the query fails. */
  async powerMode(
    options: { readonly signal?: AbortSignal; readonly maxAgeMs?: number } = {},
  ): Promise<NvpmodelMode | null> {
    const maxAgeMs = options.maxAgeMs ?? this.options.powerModeTtlMs ?? 60_000;
    if (this.mode !== null && Date.now() - this.mode.readAt <= maxAgeMs) return this.mode.value;
    this.modeRead ??= this.nvpmodel
      .query({ signal: this.withClose(options.signal) })
      .then((value) => {
        this.mode = { value, readAt: Date.now() };
        return value;
      })
      .catch(() => this.mode?.value ?? null)
      .finally(() => {
        this.modeRead = null;
      });
    return this.modeRead;
  }

  /** By catalog name (`MAXN`, `25W`) or raw nvpmodel id; a name the module does not have is refused up front. */
  async setPowerMode(mode: string | number, signal?: AbortSignal): Promise<NvpmodelSetOutcome> {
    const id = await this.identity(signal);
    let modeId: number;
    if (typeof mode === 'number') {
      modeId = mode;
    } else {
      const found = resolvePowerMode(id.module.id, mode);
      if (found === undefined) {
        const names = id.module.powerModes.map((m) => m.name).join(', ');
        throw new HardwareError('unknown_power_mode', `${id.module.id} has no power mode "${mode}" (${names})`);
      }
      modeId = found.id;
    }
    const outcome = await this.nvpmodel.setMode(modeId, { signal: this.withClose(signal) });
    const current = outcome.status === 'applied' ? outcome.mode : outcome.current;
    if (current !== null) this.mode = { value: current, readAt: Date.now() };
    return outcome;
  }

  async buildEngine(recipe: BuildRecipe, options: TrtexecRunOptions = {}): Promise<EngineRunResult> {
    const id = await this.identity(options.signal);
    if (id.tensorrt === null) {
      throw new HardwareError('unknown_tensorrt', `no TensorRT version known for L4T ${id.l4t ?? '(unknown)'}`);
    }
    const disk = await this.files.diskSpace(this.diskPath);
    if (disk.freeMB < this.minFreeDiskMB) {
      return { ok: false, failure: { kind: 'disk_full', summary: this.diskSummary(disk.freeMB) }, run: null };
    }
    const run = await this.trtexec.build(
      recipe,
      { trtVersion: id.tensorrt, moduleDlaCores: id.module.dlaCores },
      { ...options, signal: this.withClose(options.signal) },
    );
    return this.finish(run, recipe.enginePath);
  }

  async benchmarkEngine(enginePath: string, options: TrtexecRunOptions = {}): Promise<EngineRunResult> {
    this.assertOpen();
    const run = await this.trtexec.benchmark(enginePath, { ...options, signal: this.withClose(options.signal) });
    return this.finish(run, enginePath);
  }

  async setJetsonClocks(action: Exclude<JetsonClocksAction, 'show'>, signal?: AbortSignal): Promise<void> {
    this.assertOpen();
    await this.clocks.apply(action, { signal: this.withClose(signal) });
  }

  showJetsonClocks(signal?: AbortSignal): Promise<JetsonClocksShow> {
    this.assertOpen();
    return this.clocks.show({ signal: this.withClose(signal) });
  }

  /** The engine whose latency/FPS telemetry reports (from its last trtexec run here); null when none runs. */
  readEngineFile(enginePath: string): Promise<Buffer> {
    this.assertOpen();
    return readFile(enginePath);
  }

  async installEngineFile(enginePath: string, bytes: Buffer): Promise<void> {
    this.assertOpen();
    await mkdir(dirname(enginePath), { recursive: true });
    // Written beside and renamed, so a crash never leaves a half-written engine under the real name.
    await writeFile(`${enginePath}.partial`, bytes);
    await rename(`${enginePath}.partial`, enginePath);
  }

  async hasEngineFile(enginePath: string): Promise<boolean> {
    this.assertOpen();
    return stat(enginePath).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  async removeEngineFile(enginePath: string): Promise<void> {
    this.assertOpen();
    this.forgetEngine(enginePath);
    await rm(enginePath, { force: true });
  }

  async listEngineFiles(dir: string): Promise<string[]> {
    this.assertOpen();
    const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    return names.filter((name) => name.endsWith('.engine')).map((name) => join(dir, name));
  }

  /**
   * A real golden-set evaluation needs the detector's decoded outputs on the golden images, which trtexec does
   * not give; the `eval-ap50` CLI scores such outputs. Until the agent runs the detector itself: not measured.
   */
  evaluateAp50(_enginePath: string): Promise<number | null> {
    this.assertOpen();
    return Promise.resolve(null);
  }

  /** Real TensorRT learns everything from the ONNX file itself. */
  noteModelHints(_onnxPath: string, _hints: Readonly<Record<string, number>> | undefined): void {
    this.assertOpen();
  }

  activateEngine(enginePath: string | null): void {
    this.activeEnginePath = enginePath;
  }

  /** AP50 of the active engine from the last evaluation; null clears it. */
  recordAp50(ap50: number | null): void {
    if (ap50 !== null && !(ap50 >= 0 && ap50 <= 1)) throw new RangeError(`AP50 must be in [0, 1], got ${ap50}`);
    this.ap50 = ap50;
  }

  /** Drops what was measured on a deleted engine, so a new file under the same path starts clean. */
  protected forgetEngine(enginePath: string): void {
    this.benchmarks.delete(enginePath);
  }

  /** Latency/FPS the active engine delivers; the real board only knows its last benchmark. */
  protected inferenceMetrics(enginePath: string): InferenceMetrics | null {
    return this.benchmarks.get(enginePath) ?? null;
  }

  private async finish(run: TrtexecRun, enginePath: string): Promise<EngineRunResult> {
    if (run.ok) {
      if (run.latencyP95Ms !== null || run.fps !== null) {
        this.benchmarks.set(enginePath, { latencyP95Ms: run.latencyP95Ms, fps: run.fps });
      }
      return { ok: true, failure: null, run };
    }
    const failure = run.failure ?? { kind: 'other' as const, summary: 'trtexec failed' };
    if (failure.kind === 'save_failed') {
      const disk = await this.files.diskSpace(this.diskPath).catch(() => null);
      if (disk !== null && disk.freeMB < this.minFreeDiskMB) {
        return { ok: false, failure: { kind: 'disk_full', summary: this.diskSummary(disk.freeMB) }, run };
      }
    }
    return { ok: false, failure, run };
  }

  private ensureSampler(module: ModuleId): TegrastatsSampler {
    this.assertOpen();
    if (this.sampler === null) {
      this.sampler = new TegrastatsSampler(this.runner, {
        module,
        ...(this.options.tegrastatsIntervalMs === undefined ? {} : { intervalMs: this.options.tegrastatsIntervalMs }),
      });
      this.sampler.start();
    }
    return this.sampler;
  }

  private get diskPath(): string {
    return this.options.diskPath ?? '/';
  }

  private get minFreeDiskMB(): number {
    return this.options.minFreeDiskMB ?? 1024;
  }

  private diskSummary(freeMB: number): string {
    return `${Math.floor(freeMB)} MB free on ${this.diskPath}; an engine build needs ${this.minFreeDiskMB} MB`;
  }

  private assertOpen(): void {
    if (this.closing.signal.aborted) throw new HardwareError('closed', 'hardware adapter closed');
  }

  /** The caller's signal, ended early by `close()`. */
  private withClose(signal: AbortSignal | undefined): AbortSignal {
    return signal === undefined ? this.closing.signal : AbortSignal.any([signal, this.closing.signal]);
  }

  private signalOption(signal: AbortSignal | undefined): { signal: AbortSignal } {
    return { signal: this.withClose(signal) };
  }
}
