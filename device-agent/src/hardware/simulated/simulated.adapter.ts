import { basename } from 'node:path';
import { estimateInference, getModule, l4tInfo, SimJetsonDevice, type SimTrtexecModel } from '@jetfleet/jetson';
import { JetsonAdapter } from '../jetson/jetson.adapter.js';
import type { InferenceMetrics } from '../jetson/to-telemetry-sample.util.js';
import { SimBoardState, type SimEngineFile } from './sim-board-state.js';
import { isBuildFault, type SimFault, type SimFaultKind } from './sim-fault.types.js';
import { simGenerationFor } from './sim-generation.util.js';
import { SimulatedBoardFiles, simBoardFileContents } from './simulated-board-files.js';
import { SimulatedCommandRunner } from './simulated-command-runner.js';
import type { SimulatedDeviceProfile } from './simulated-device.profile.js';

export type SimFaultListener = (fault: SimFault) => void;

export interface ActivateEngineOptions {
  /** Frames the application asks for; omitted = as fast as the engine runs (GPU saturated). */
  readonly targetFps?: number;
}

/** Spread of trtexec's simulated GPU times (σ ≈ 0.6 %), so p95 ≈ mean × (1 + 1.645 σ). */
const P95_OVER_MEAN = 1 + 1.645 * 0.006;

/**
 * A simulated Jetson: the `JetsonAdapter` itself, reading simulated board files and running simulated tools, so
 * everything above the runner is the code a real board runs. Adds fault injection and a serving workload.
 */
/** Marks engine bytes as a simulated engine record (see readEngineFile). */
const SIM_ENGINE_FORMAT = 'jetfleet-sim-engine/1';

export class SimulatedAdapter extends JetsonAdapter {
  readonly device: SimJetsonDevice;
  readonly board: SimBoardState;
  readonly simRunner: SimulatedCommandRunner;
  private readonly listeners = new Set<SimFaultListener>();
  private readonly models: Map<string, SimTrtexecModel>;
  private targetFps: number | null = null;

  constructor(readonly profile: SimulatedDeviceProfile) {
    const generation = simGenerationFor(profile.module, profile.l4t);
    const device = new SimJetsonDevice({
      moduleId: profile.module,
      generation,
      seed: profile.seed,
      startTime: new Date(),
      ...(profile.powerModeId === undefined ? {} : { modeId: profile.powerModeId }),
      ...(profile.ambientC === undefined ? {} : { ambientC: profile.ambientC }),
    });
    const stackTrt = l4tInfo(profile.l4t)?.tensorrt ?? null;
    if (stackTrt !== null && majorMinorPatch(stackTrt) !== majorMinorPatch(device.trtVersion)) {
      throw new Error(
        `L4T ${profile.l4t} ships TensorRT ${stackTrt} but the simulator's ${generation} runs ${device.trtVersion}`,
      );
    }
    const board = new SimBoardState(profile.diskTotalMB, profile.diskFreeMB);
    const models = new Map(Object.entries(profile.models ?? {}));
    const runner = new SimulatedCommandRunner(device, board, {
      ...(profile.timeFactor === undefined ? {} : { timeFactor: profile.timeFactor }),
      ...(profile.root === undefined ? {} : { root: profile.root }),
      modelFor: (path): SimTrtexecModel => models.get(path) ?? models.get(basename(path)) ?? {},
    });
    const files = new SimulatedBoardFiles(
      simBoardFileContents({
        moduleId: profile.module,
        l4t: profile.l4t,
        generation,
        ...(profile.deviceTreeModel === undefined ? {} : { deviceTreeModel: profile.deviceTreeModel }),
      }),
      board,
    );
    super({
      kind: 'simulated',
      runner,
      files,
      // Where the L4T table has no TensorRT (r38), the simulated image has one installed: as if configured.
      ...(stackTrt === null ? { tensorrt: device.trtVersion } : {}),
      ...(profile.tegrastatsIntervalMs === undefined ? {} : { tegrastatsIntervalMs: profile.tegrastatsIntervalMs }),
    });
    this.device = device;
    this.board = board;
    this.models = models;
    this.simRunner = runner;
    for (const fault of profile.faults ?? []) this.injectFault(fault);
  }

  /** Listeners hear every injected fault; returns the unsubscribe function. */
  onFault(listener: SimFaultListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  injectFault(fault: SimFault): void {
    if (isBuildFault(fault)) this.board.armBuildFault(fault);
    else if (fault.kind === 'disk_full') this.board.diskFull = true;
    else if (fault.kind === 'thermal_throttle') this.device.injectThrottle(fault.factor ?? 0.5);
    else if (fault.kind === 'nvpmodel_sysfs_write') this.device.injectNvpmodelFailure('sysfs_write');
    for (const listener of [...this.listeners]) listener(fault);
  }

  /** Ends a lasting fault (`disk_full`, `thermal_throttle`) or disarms a pending build fault. */
  clearFault(kind: SimFaultKind): void {
    if (kind === 'disk_full') this.board.diskFull = false;
    else if (kind === 'thermal_throttle') this.device.injectThrottle(null);
    else if (kind === 'build_oom' || kind === 'build_killed' || kind === 'unsupported_op' || kind === 'build_crash') {
      this.board.armBuildFault(null);
    }
  }

  /** A model version's hints (e.g. a "bad" model's extra INT8 drop) steer what its builds simulate. */
  override noteModelHints(onnxPath: string, hints: Readonly<Record<string, number>> | undefined): void {
    if (hints) this.models.set(onnxPath, { ...this.models.get(onnxPath), hints });
  }

  /** Simulated engines exist only as the simulator's record, so their bytes are that record. */
  override readEngineFile(enginePath: string): Promise<Buffer> {
    const engine = this.board.engines.get(enginePath);
    if (!engine) return Promise.reject(new Error(`no engine at ${enginePath}`));
    return Promise.resolve(Buffer.from(JSON.stringify({ format: SIM_ENGINE_FORMAT, engine })));
  }

  override installEngineFile(enginePath: string, bytes: Buffer): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch {
      return Promise.reject(new Error('not a simulated engine file'));
    }
    const record = parsed as { format?: unknown; engine?: SimEngineFile };
    if (record.format !== SIM_ENGINE_FORMAT || !record.engine) {
      return Promise.reject(new Error('not a simulated engine file'));
    }
    if (!this.board.writeEngine(enginePath, record.engine)) {
      return Promise.reject(new Error(`disk full: cannot store ${record.engine.sizeMB} MB engine`));
    }
    return Promise.resolve();
  }

  /** Also puts the serving load on the simulated GPU, so power, temperatures and clocks follow. */
  override activateEngine(enginePath: string | null, options: ActivateEngineOptions = {}): void {
    super.activateEngine(enginePath);
    this.targetFps = options.targetFps ?? null;
    const engine = enginePath === null ? undefined : this.board.engines.get(enginePath);
    if (enginePath === null || engine === undefined) {
      this.device.setWorkload(null);
      return;
    }
    const estimate = this.estimate(enginePath);
    const demand = this.targetFps === null || estimate === null ? 1 : (this.targetFps * estimate.gpuMs) / 1000;
    this.device.setWorkload({
      gpuUtil: Math.min(1, demand),
      cpuUtil: 0.15,
      precision: engine.precision,
      ramMB: engine.sizeMB * 3,
      ...(engine.model.hints?.powerScale === undefined ? {} : { powerScale: engine.model.hints.powerScale }),
    });
  }

  /** AP50 of an engine built here on its evaluation set (the simulator's accuracy model); also reported. */
  override evaluateAp50(enginePath: string): Promise<number | null> {
    const ap50 = this.board.engines.get(enginePath)?.ap50 ?? null;
    this.recordAp50(ap50);
    return Promise.resolve(ap50);
  }

  override hasEngineFile(enginePath: string): Promise<boolean> {
    return Promise.resolve(this.board.engines.has(enginePath));
  }

  override removeEngineFile(enginePath: string): Promise<void> {
    this.forgetEngine(enginePath);
    this.board.removeEngine(enginePath);
    return Promise.resolve();
  }

  override listEngineFiles(dir: string): Promise<string[]> {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    return Promise.resolve(
      [...this.board.engines.keys()].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')),
    );
  }

  /** The perf model at the current (possibly throttled) GPU clock, not just the last benchmark. */
  protected override inferenceMetrics(enginePath: string): InferenceMetrics | null {
    const estimate = this.estimate(enginePath);
    if (estimate === null) return super.inferenceMetrics(enginePath);
    return {
      latencyP95Ms: estimate.hostMs * P95_OVER_MEAN,
      fps: this.targetFps === null ? estimate.fps : Math.min(this.targetFps, estimate.fps),
    };
  }

  private estimate(enginePath: string): ReturnType<typeof estimateInference> | null {
    const engine = this.board.engines.get(enginePath);
    if (engine === undefined) return null;
    const trt = this.device.trtVersion;
    return estimateInference({
      moduleId: getModule(this.device.moduleId).id,
      gpuMHz: this.device.effectiveClocks().gpuCapMHz,
      precision: engine.precision,
      inputSize: engine.input,
      overlapTransfers: !trt.startsWith('8.0') && !trt.startsWith('8.2'),
      ...(engine.model.hints === undefined ? {} : { hints: engine.model.hints }),
    });
  }
}

const majorMinorPatch = (version: string): string => version.split('.').slice(0, 3).join('.');
