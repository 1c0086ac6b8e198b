import type { SocId } from '../catalog/module-spec.types.js';

export interface JetsonClocksCpu {
  id: number;
  /** From `Online=`; r39 drops that field, so it comes from the `Online CPUs:` list. */
  online: boolean | null;
  governor: string | null;
  minKHz: number | null;
  maxKHz: number | null;
  currentKHz: number | null;
  /** `WFI=1 c7=1` → { WFI: 1, c7: 1 }. */
  idleStates: Record<string, number>;
}

/** GPU, EMC, DLA/PVA clocks in Hz (unlike CPU kHz). */
export interface JetsonClocksClock {
  online: boolean | null;
  minHz: number | null;
  maxHz: number | null;
  currentHz: number | null;
}

export interface JetsonClocksFan {
  /** `speed=`, `PWM=` or `hwmonN_pwm1=` value (0–255). */
  pwm: number | null;
  /** `kernel`, `nvfancontrol`, `active`; null on r32. */
  control: string | null;
}

export interface JetsonClocksShow {
  socFamily: string | null;
  soc: SocId | null;
  machine: string | null;
  onlineCpus: number[];
  cpus: JetsonClocksCpu[];
  gpu: JetsonClocksClock | null;
  activeGpuTpcs: number | null;
  emc: (JetsonClocksClock & { freqOverride: boolean | null }) | null;
  /** DLA0_CORE, DLA0_FALCON, PVA0_VPS0, … (AGX Orin r35). */
  engines: Record<string, JetsonClocksClock>;
  fan: JetsonClocksFan | null;
  powerModeName: string | null;
  /** Every online CPU and the GPU run at min = max = current (what `jetson_clocks` does). */
  pinned: boolean;
  warnings: string[];
}
