import { MODULE_CATALOG, type ModuleId } from '../catalog/index.js';
import { SIM_HARDWARE } from './sim-hardware.constant.js';
import type { SimPrecision } from './sim-model-hints.types.js';

export interface SimPowerInput {
  readonly moduleId: ModuleId;
  /** Effective clocks right now (after devfreq, throttling, pinning). */
  readonly gpuMHz: number;
  readonly cpuMHz: number;
  readonly onlineCores: number;
  /** 0..1 GPU busy share (tegrastats GR3D). */
  readonly gpuUtil: number;
  /** 0..1 mean load over the online cores. */
  readonly cpuUtil: number;
  readonly precision?: SimPrecision;
  readonly powerScale?: number;
  /** 0..1 DLA busy share (counted on the CV rail). */
  readonly dlaUtil?: number;
}

/** GPU dynamic power ∝ clock^1.6 (voltage falls with clock, flattening towards the DVFS floor). */
const CLOCK_EXPONENT = 1.6;
const GPU_REFERENCE_MHZ = 1020;
/** SoC, memory and regulator losses the input rail sees on top of the CPU/GPU rails. */
const BOARD_OVERHEAD = 1.25;
/** Assumed DLA draw at full load, W. */
const DLA_W = 1.5;

/** INT8 draws less than FP16: 12.49 vs 14.14 W (Orin Nano Super, hokwangchoi) and 12.51 vs 13.46 W (AGX
 *  Xavier, public notes) → ≈ 0.82 of the dynamic part; FP32 14.30 W → ≈ 1.02. */
function precisionPowerFactor(precision: SimPrecision | undefined): number {
  switch (precision) {
    case 'FP32':
      return 1.02;
    case 'INT8':
    case 'BEST':
      return 0.82;
    case 'FP16':
    case undefined:
      return 1;
  }
}

/**
 * Instantaneous rail draw in mW for every rail the module can print (catalog rails plus simulator extras such as
 * AGX Orin's VDDQ_VDD2_1V8AO). Invariant: an input rail exceeds the sum of its sub-rails.
 */
export function estimateRailsMw(input: SimPowerInput): Record<string, number> {
  const spec = MODULE_CATALOG[input.moduleId];
  const power = SIM_HARDWARE[input.moduleId].power;
  const hardware = SIM_HARDWARE[input.moduleId];
  const gpuW =
    power.gpuWPerSm *
    spec.smCount *
    (input.gpuMHz / GPU_REFERENCE_MHZ) ** CLOCK_EXPONENT *
    clamp01(input.gpuUtil) *
    precisionPowerFactor(input.precision) *
    (input.powerScale ?? 1);
  const cpuW =
    power.cpuWPerCore *
    input.onlineCores *
    (input.cpuMHz / hardware.cpuMaxMHz) ** CLOCK_EXPONENT *
    clamp01(input.cpuUtil);
  const dlaW = DLA_W * clamp01(input.dlaUtil ?? 0);
  const dyn = gpuW + cpuW + dlaW;
  const idle = (rail: string): number => power.idleRailsW[rail] ?? 0;
  const inputRail = power.idleW + BOARD_OVERHEAD * dyn;

  const watts: Record<string, number> = {};
  const set = (rail: string, w: number): void => {
    watts[rail] = w;
  };
  // The family is chosen from the simulator's rail table, so boards that print no rails (TX2 NX) still heat up.
  const names = new Set(Object.keys(power.idleRailsW));
  if (names.has('POM_5V_GPU')) {
    set('POM_5V_IN', inputRail);
    set('POM_5V_GPU', idle('POM_5V_GPU') + gpuW);
    set('POM_5V_CPU', idle('POM_5V_CPU') + cpuW);
  } else if (names.has('VDD_SYS_GPU')) {
    set('VDD_SYS_GPU', idle('VDD_SYS_GPU') + gpuW);
    set('VDD_SYS_SOC', idle('VDD_SYS_SOC') + 0.1 * dyn);
    set('VDD_4V0_WIFI', idle('VDD_4V0_WIFI'));
    set('VDD_IN', inputRail);
    set('VDD_SYS_CPU', idle('VDD_SYS_CPU') + cpuW);
    set('VDD_SYS_DDR', idle('VDD_SYS_DDR') + 0.08 * dyn);
  } else if (names.has('SYS5V')) {
    // AGX Xavier has no input rail: the six rails add up to the board.
    set('GPU', idle('GPU') + gpuW);
    set('CPU', idle('CPU') + cpuW);
    set('SOC', idle('SOC') + 0.12 * dyn);
    set('CV', idle('CV') + dlaW);
    set('VDDRQ', idle('VDDRQ') + 0.08 * dyn);
    set('SYS5V', power.idleW - sumOf(power.idleRailsW, ['GPU', 'CPU', 'SOC', 'CV', 'VDDRQ']) + 0.05 * dyn);
  } else if (names.has('VDD_CPU_GPU_CV')) {
    set('VDD_IN', inputRail);
    set('VDD_CPU_GPU_CV', idle('VDD_CPU_GPU_CV') + dyn);
    set('VDD_SOC', idle('VDD_SOC') + 0.15 * dyn);
  } else if (names.has('VDD_GPU_SOC')) {
    // No input rail either: board = GPU_SOC + CPU_CV + SYS_5V0; the DDR rail sits outside that sum.
    set('VDD_GPU_SOC', idle('VDD_GPU_SOC') + gpuW + 0.15 * dyn);
    set('VDD_CPU_CV', idle('VDD_CPU_CV') + cpuW + dlaW);
    set('VIN_SYS_5V0', idle('VIN_SYS_5V0') + 0.1 * dyn);
    set('VDDQ_VDD2_1V8AO', idle('VDDQ_VDD2_1V8AO') + 0.03 * dyn);
  } else if (names.has('VDD_CPU_SOC_MSS')) {
    set('VDD_GPU', idle('VDD_GPU') + gpuW);
    set('VDD_CPU_SOC_MSS', idle('VDD_CPU_SOC_MSS') + cpuW + 0.12 * dyn);
    set('VIN_SYS_5V0', idle('VIN_SYS_5V0') + 0.05 * dyn);
    set('VIN', inputRail);
  }
  const mw: Record<string, number> = {};
  for (const [rail, w] of Object.entries(watts)) mw[rail] = Math.max(0, Math.round(w * 1000));
  return mw;
}

/** Physical board draw from a rail set, mW: the input rail where one exists, else the §2.5 sum. */
export function boardMwFromRails(rails: Readonly<Record<string, number>>): number {
  for (const input of ['POM_5V_IN', 'VDD_IN', 'VIN']) {
    const value = rails[input];
    if (value !== undefined) return value;
  }
  const sum = (keys: readonly string[]): number => keys.reduce((total, key) => total + (rails[key] ?? 0), 0);
  if (rails['VDD_GPU_SOC'] !== undefined) return sum(['VDD_GPU_SOC', 'VDD_CPU_CV', 'VIN_SYS_5V0']);
  return sum(['GPU', 'CPU', 'SOC', 'CV', 'VDDRQ', 'SYS5V']);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function sumOf(record: Readonly<Record<string, number>>, keys: readonly string[]): number {
  return keys.reduce((sum, key) => sum + (record[key] ?? 0), 0);
}
