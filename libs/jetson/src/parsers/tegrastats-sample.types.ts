import type { PowerRule } from '../catalog/power-rule.types.js';

export interface TegrastatsCpuCore {
  loadPct: number;
  /** null when the entry has no `@MHz`. */
  freqMHz: number | null;
}

export interface TegrastatsRail {
  curMw: number;
  avgMw: number;
  /** Only r39 (JetPack 7.2) prints a running max. */
  maxMw?: number;
}

/** One tegrastats line (reference §2.6). Fields that were not printed are null, never 0. */
export interface TegrastatsSample {
  /** `MM-DD-YYYY HH:MM:SS` as printed (local time, r35+); null on r32. */
  timestamp: string | null;
  ramUsedMB: number | null;
  ramTotalMB: number | null;
  swapUsedMB: number | null;
  swapTotalMB: number | null;
  /** One item per printed entry, `null` for an `off` core. */
  cpu: (TegrastatsCpuCore | null)[];
  gpuLoadPct: number | null;
  gpuFreqMHz: number | null;
  /** Lower-cased zone → current °C; disabled (-256C) zones left out. */
  temps: Record<string, number>;
  /** Rail name → values; `NC` channels left out. */
  rails: Record<string, TegrastatsRail>;
  totalPowerMw: number | null;
  totalPowerAvgMw: number | null;
  /** The rule that produced the totals; `unavailable` when none could. */
  powerRule: PowerRule;
  warnings: string[];
}
