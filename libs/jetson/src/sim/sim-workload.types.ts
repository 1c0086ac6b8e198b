import type { SimPrecision } from './sim-model-hints.types.js';

/** What the simulated device is busy with; utilisations are 0..1. */
export interface SimWorkload {
  readonly gpuUtil: number;
  /** Mean load over the online cores. */
  readonly cpuUtil: number;
  readonly precision?: SimPrecision;
  readonly powerScale?: number;
  readonly dlaUtil?: number;
  readonly encoderUtil?: number;
  /** RAM held by the workload, MB. */
  readonly ramMB?: number;
}

/** Background OS load. */
export const SIM_IDLE_WORKLOAD: SimWorkload = { gpuUtil: 0, cpuUtil: 0.04 };
