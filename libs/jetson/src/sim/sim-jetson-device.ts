import { MODULE_CATALOG, type ModuleId, type PowerMode } from '../catalog/index.js';
import { decideNvpmodelOutcome, type SimNvpmodelRequest } from './decide-nvpmodel-outcome.util.js';
import { formatJetsonClocksShow } from './format-jetson-clocks-show.js';
import { formatNvpmodelQuery } from './format-nvpmodel-query.js';
import { formatNvpmodelSet, type SimCommandOutput, type SimNvpmodelSetOutcome } from './format-nvpmodel-set.js';
import { formatTegrastatsLine } from './format-tegrastats-line.js';
import { SIM_GENERATION_INFO, SIM_MODULE_GENERATIONS, type SimGeneration } from './sim-generation.constant.js';
import { SIM_HARDWARE } from './sim-hardware.constant.js';
import { simModeClocks, type SimModeClocks } from './sim-mode-clocks.util.js';
import { estimateInference, type SimInferenceEstimate } from './sim-perf-model.js';
import type { SimModelHints, SimPrecision } from './sim-model-hints.types.js';
import { boardMwFromRails, estimateRailsMw } from './sim-power-model.js';
import { SimRandom } from './sim-random.util.js';
import { SimTegrastatsSession } from './sim-tegrastats-session.js';
import type { SimLoadFreq, SimTegrastatsState } from './sim-tegrastats-state.types.js';
import { SimThermalModel } from './sim-thermal-model.js';
import { simEffectiveClocks, type SimEffectiveClocks } from './sim-effective-clocks.util.js';
import { simOnlineCpus } from './sim-online-cpus.util.js';
import { SIM_IDLE_WORKLOAD, type SimWorkload } from './sim-workload.types.js';
import { simZoneTemps } from './sim-zone-temps.util.js';

export interface SimJetsonDeviceOptions {
  readonly moduleId: ModuleId;
  /** Defaults to the newest generation the module runs. */
  readonly generation?: SimGeneration;
  readonly seed?: number | string;
  /** nvpmodel id at boot; defaults to the catalog default mode. */
  readonly modeId?: number;
  readonly ambientC?: number;
  readonly startTime?: Date;
  /** zram size, MB; 0 = no swap. Defaults per module (none on r39, as captured). */
  readonly swapMB?: number;
}

export interface SimNvpmodelSetResult extends SimCommandOutput {
  readonly outcome: SimNvpmodelSetOutcome;
  readonly rebooted: boolean;
}

/** Automatic throttle when tj reaches the module limit (released 5 °C below it). */
const AUTO_THROTTLE_FACTOR = 0.75;

/**
 * A simulated Jetson: power mode, clocks, load, board power and thermals evolving in simulated time, and the
 * text its tools would print. Deterministic for a given seed and call sequence.
 */
export class SimJetsonDevice {
  readonly moduleId: ModuleId;
  readonly generation: SimGeneration;
  private mode: PowerMode;
  private now: Date;
  private pinned = false;
  private injectedThrottle: number | null = null;
  private autoThrottled = false;
  private workload: SimWorkload = SIM_IDLE_WORKLOAD;
  private fragmentation: number;
  private pendingFailure: 'sysfs_write' | null = null;
  private readonly swapMB: number;
  private readonly thermal: SimThermalModel;
  private readonly session = new SimTegrastatsSession();
  private readonly noise: SimRandom;
  private readonly tempNoise: SimRandom;
  /** Timing-cache files written by earlier builds (they speed up rebuilds of the same recipe). */
  readonly timingCaches = new Set<string>();

  constructor(options: SimJetsonDeviceOptions) {
    this.moduleId = options.moduleId;
    const generations = SIM_MODULE_GENERATIONS[options.moduleId];
    const generation = options.generation ?? generations[generations.length - 1];
    if (generation === undefined || !generations.includes(generation)) {
      throw new Error(`${options.moduleId} does not run ${String(options.generation)} in the simulator`);
    }
    this.generation = generation;
    const modes = MODULE_CATALOG[options.moduleId].powerModes;
    const mode = modes.find((m) => (options.modeId === undefined ? m.isDefault : m.id === options.modeId)) ?? modes[0];
    if (mode === undefined) throw new Error(`${options.moduleId} has no power modes`);
    this.mode = mode;
    this.now = new Date(options.startTime ?? Date.UTC(2025, 5, 2, 15, 19, 57));
    const random = new SimRandom(options.seed ?? options.moduleId);
    this.noise = random.fork('noise');
    this.tempNoise = random.fork('temps');
    this.fragmentation = random.fork('memory').uniform(0.6, 0.97);
    this.swapMB = options.swapMB ?? (generation === 'r39' ? 0 : SIM_HARDWARE[options.moduleId].swapMB);
    const hw = SIM_HARDWARE[options.moduleId];
    this.thermal = new SimThermalModel(hw.thermal, options.ambientC ?? 25, hw.power.idleW);
  }

  get time(): Date {
    return new Date(this.now);
  }

  get powerMode(): PowerMode {
    return this.mode;
  }

  get modeClocks(): SimModeClocks {
    return simModeClocks(this.moduleId, this.mode);
  }

  get trtVersion(): string {
    return SIM_GENERATION_INFO[this.generation].trtVersion;
  }

  get dieTemperatureC(): number {
    return this.thermal.dieC;
  }

  get isPinned(): boolean {
    return this.pinned;
  }

  get currentWorkload(): SimWorkload {
    return this.workload;
  }

  setWorkload(workload: SimWorkload | null): void {
    this.workload = workload ?? SIM_IDLE_WORKLOAD;
  }

  /** Caps the GPU clock at `factor` × the mode maximum (null lifts the injection). */
  injectThrottle(factor: number | null): void {
    this.injectedThrottle = factor;
  }

  /** `jetson_clocks` (true) or `jetson_clocks --restore` (false). */
  setJetsonClocks(pinned: boolean): void {
    this.pinned = pinned;
  }

  /** 0 = one large free block, 1 = shattered; drives tegrastats `lfb` and the OOM odds of engine builds. */
  setMemoryFragmentation(fragmentation: number): void {
    this.fragmentation = Math.min(0.999, Math.max(0, fragmentation));
  }

  /** Makes the next `nvpmodel -m` fail writing sysfs. */
  injectNvpmodelFailure(kind: 'sysfs_write'): void {
    this.pendingFailure = kind;
  }

  effectiveClocks(): SimEffectiveClocks {
    const gpuThrottle = this.injectedThrottle ?? (this.autoThrottled ? AUTO_THROTTLE_FACTOR : 1);
    return simEffectiveClocks(this.moduleId, this.modeClocks, this.workload, { pinned: this.pinned, gpuThrottle });
  }

  /** Noise-free instantaneous rail draw, mW. */
  railsMw(jitter = false): Record<string, number> {
    const clocks = this.effectiveClocks();
    const w = this.workload;
    const j = (x: number): number => (jitter && x > 0 ? this.noise.jitter(x, 0.03) : x);
    return estimateRailsMw({
      moduleId: this.moduleId,
      gpuMHz: clocks.gpuMHz,
      cpuMHz: clocks.cpuMHz,
      onlineCores: this.modeClocks.onlineCores,
      gpuUtil: j(w.gpuUtil),
      cpuUtil: j(w.cpuUtil),
      ...(w.precision === undefined ? {} : { precision: w.precision }),
      ...(w.powerScale === undefined ? {} : { powerScale: w.powerScale }),
      ...(w.dlaUtil === undefined ? {} : { dlaUtil: j(w.dlaUtil) }),
    });
  }

  /** Board power per the module's §2.5 rule (noise-free), mW; null when the module prints no rails. */
  boardPowerMw(): number | null {
    const spec = MODULE_CATALOG[this.moduleId];
    const rails = this.railsMw();
    switch (spec.powerRule.kind) {
      case 'rail':
        return rails[spec.powerRule.rail] ?? null;
      case 'sum':
        return spec.powerRule.rails.reduce((sum, rail) => sum + (rails[rail] ?? 0), 0);
      case 'unavailable':
        return null;
    }
  }

  /** Moves simulated time forward; temperatures follow power with the module's time constant. */
  advance(seconds: number): void {
    let left = seconds;
    while (left > 0) {
      const step = Math.min(1, left);
      this.thermal.step(this.heatW(), step);
      const tj = this.thermal.dieC + 1;
      if (tj >= this.thermal.throttleC) this.autoThrottled = true;
      else if (tj < this.thermal.throttleC - 5) this.autoThrottled = false;
      left -= step;
    }
    this.now = new Date(this.now.getTime() + seconds * 1000);
  }

  /** Restarts tegrastats: running averages and maxima start over. */
  startTegrastats(): void {
    this.session.reset();
  }

  /** One tegrastats sample at the current time (each call counts towards the running averages). */
  sampleTegrastats(): SimTegrastatsState {
    const spec = MODULE_CATALOG[this.moduleId];
    const hw = SIM_HARDWARE[this.moduleId];
    const w = this.workload;
    const clocks = this.effectiveClocks();
    const temps = simZoneTemps(this.moduleId, this.thermal.dieC, w, this.tempNoise);
    const { rails, tempMaxC } = this.session.record(this.railsMw(true), temps);
    const ram = this.ram();
    const pct = (util: number, sd: number): number =>
      Math.round(Math.min(100, Math.max(0, util * 100 + (util > 0 ? this.noise.normal(0, sd) : 0))));
    const online = this.onlineCpus();
    const cpu = Array.from({ length: spec.tegrastatsCpuEntries }, (_, i): SimLoadFreq | null =>
      online.has(i) ? { loadPct: pct(w.cpuUtil, 4), freqMHz: Math.round(clocks.cpuMHz) } : null,
    );
    const engines: Record<string, SimLoadFreq | null> = {};
    if ((w.encoderUtil ?? 0) > 0 && spec.nvenc)
      engines['NVENC'] = { loadPct: pct(w.encoderUtil ?? 0, 2), freqMHz: 1011 };
    if ((w.dlaUtil ?? 0) > 0 && spec.dlaCores > 0)
      engines['NVDLA0'] = { loadPct: pct(w.dlaUtil ?? 0, 2), freqMHz: 1600 };
    return {
      moduleId: this.moduleId,
      time: this.time,
      ram,
      swap: this.swapMB > 0 ? { usedMB: 0, totalMB: this.swapMB, cachedMB: 0 } : null,
      iram: hw.iram ? { usedKB: 0, totalKB: 252, lfbKB: 252 } : null,
      cpu,
      emc: { loadPct: pct(0.03 + 0.35 * w.gpuUtil + 0.08 * w.cpuUtil, 1), freqMHz: Math.round(clocks.emcMHz) },
      gpu: {
        loadPct: pct(w.gpuUtil, 1),
        gpcFreqMHz: Array.from({ length: hw.gpcCount }, () => Math.round(clocks.gpuMHz)),
      },
      engines,
      vicMHz: spec.soc === 't234' ? 729 : 115,
      apeMHz:
        spec.soc === 't210' ? 25 : spec.soc === 't234' && spec.dlaCores === 0 ? 200 : spec.soc === 't234' ? 174 : 150,
      mts: { fgPct: 0, bgPct: 1 },
      temps,
      tempMaxC,
      rails,
    };
  }

  tegrastatsLine(options: { readonly root?: boolean } = {}): string {
    return formatTegrastatsLine(this.sampleTegrastats(), { generation: this.generation, root: options.root ?? true });
  }

  nvpmodelQuery(options: { readonly verbose?: boolean } = {}): string {
    return formatNvpmodelQuery({
      moduleId: this.moduleId,
      generation: this.generation,
      clocks: this.modeClocks,
      ...(options.verbose === undefined ? {} : { verbose: options.verbose }),
    });
  }

  /** `nvpmodel -m <id>` with the reference §3.1 reboot rule and §3.3 outcomes. */
  nvpmodelSet(id: number, request: SimNvpmodelRequest = {}): SimNvpmodelSetResult {
    const spec = MODULE_CATALOG[this.moduleId];
    const target = spec.powerModes.find((mode) => mode.id === id);
    const result = (outcome: SimNvpmodelSetOutcome, rebooted = false): SimNvpmodelSetResult => ({
      ...formatNvpmodelSet({
        outcome,
        requestedId: id,
        moduleId: this.moduleId,
        generation: this.generation,
        ...(target === undefined ? {} : { target: simModeClocks(this.moduleId, target) }),
      }),
      outcome,
      rebooted,
    });
    const outcome = decideNvpmodelOutcome(spec.soc, this.mode, target, request, this.pendingFailure !== null);
    if (outcome === 'sysfs_write') this.pendingFailure = null;
    if (target !== undefined && (outcome === 'applied' || outcome === 'reboot_accepted')) this.mode = target;
    if (outcome === 'reboot_accepted') this.reboot();
    return result(outcome, outcome === 'reboot_accepted');
  }

  /** Reboot: load stops, clocks unpinned, tegrastats restarts; the nvpmodel mode persists. */
  reboot(): void {
    this.workload = SIM_IDLE_WORKLOAD;
    this.pinned = false;
    this.session.reset();
    this.advance(45);
  }

  jetsonClocksShow(): string {
    const spec = MODULE_CATALOG[this.moduleId];
    const clocks = this.effectiveClocks();
    const online = this.onlineCpus();
    const fanPwm = this.pinned ? 255 : Math.min(255, Math.max(0, Math.round((this.thermal.dieC - 35) * 5)));
    return formatJetsonClocksShow({
      moduleId: this.moduleId,
      generation: this.generation,
      clocks: this.modeClocks,
      cpuCurrentMHz: Array.from({ length: spec.cpuCores }, (_, i) => (online.has(i) ? clocks.cpuMHz : null)),
      gpuCurrentMHz: clocks.gpuMHz,
      emcCurrentMHz: clocks.emcMHz,
      pinned: this.pinned,
      fanPwm,
    });
  }

  /** trtexec-style latency/FPS for a saturating run at the current GPU ceiling. */
  inferenceEstimate(precision: SimPrecision, inputSize: number, hints?: SimModelHints): SimInferenceEstimate {
    return estimateInference({
      moduleId: this.moduleId,
      gpuMHz: this.effectiveClocks().gpuCapMHz,
      precision,
      inputSize,
      ...(hints === undefined ? {} : { hints }),
    });
  }

  /** Free RAM and the largest-free-block hint (`lfb`), MB. */
  ram(): { usedMB: number; totalMB: number; lfbBlocks: number; lfbBlockMB: number } {
    const totalMB = MODULE_CATALOG[this.moduleId].ramMB;
    const usedMB = Math.min(totalMB - 50, Math.round(900 + 0.12 * totalMB + (this.workload.ramMB ?? 0)));
    const freeBlocks = Math.floor((totalMB - usedMB) / 4);
    return {
      usedMB,
      totalMB,
      lfbBlocks: Math.max(1, Math.round(freeBlocks * (1 - this.fragmentation))),
      lfbBlockMB: 4,
    };
  }

  get swapTotalMB(): number {
    return this.swapMB;
  }

  private onlineCpus(): Set<number> {
    return simOnlineCpus(this.moduleId, this.modeClocks.onlineCores);
  }

  private heatW(): number {
    return boardMwFromRails(this.railsMw()) / 1000;
  }
}
