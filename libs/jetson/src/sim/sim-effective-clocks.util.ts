import type { ModuleId } from '../catalog/index.js';
import { SIM_HARDWARE } from './sim-hardware.constant.js';
import type { SimModeClocks } from './sim-mode-clocks.util.js';
import type { SimWorkload } from './sim-workload.types.js';

export interface SimEffectiveClocks {
  readonly cpuMHz: number;
  readonly gpuMHz: number;
  /** GPU ceiling after throttling: what a saturating workload such as trtexec runs at. */
  readonly gpuCapMHz: number;
  readonly emcMHz: number;
}

export interface SimClockState {
  /** `jetson_clocks` ran: everything sits at the ceiling. */
  readonly pinned: boolean;
  /** Multiplier on the mode's GPU cap (1 = not throttled). */
  readonly gpuThrottle: number;
}

/** Clocks the governors pick for a load: devfreq lowers the GPU clock when it is partly idle, schedutil the CPU's. */
export function simEffectiveClocks(
  moduleId: ModuleId,
  clocks: SimModeClocks,
  workload: SimWorkload,
  state: SimClockState,
): SimEffectiveClocks {
  const hw = SIM_HARDWARE[moduleId];
  const gpuCapMHz = Math.max(hw.gpuMinMHz, clocks.gpuMaxMHz * state.gpuThrottle);
  const { gpuUtil, cpuUtil } = workload;
  let gpuMHz = gpuCapMHz;
  let cpuMHz = clocks.cpuMaxMHz;
  if (!state.pinned) {
    gpuMHz =
      gpuUtil <= 0.01
        ? hw.gpuMinMHz
        : Math.min(gpuCapMHz, Math.max(hw.gpuMinMHz, gpuCapMHz * (0.3 + 0.7 * Math.min(1, gpuUtil / 0.9))));
    cpuMHz = cpuUtil < 0.05 ? Math.min(hw.cpuMinMHz, clocks.cpuMaxMHz) : clocks.cpuMaxMHz * Math.min(1, 0.55 + cpuUtil);
  }
  return { cpuMHz, gpuMHz, gpuCapMHz, emcMHz: clocks.emcMaxMHz };
}
