import type { ModuleId } from '../catalog/index.js';

export interface SimLoadFreq {
  readonly loadPct: number;
  readonly freqMHz: number;
}

export interface SimRailReading {
  readonly curMw: number;
  /** Running mean since tegrastats started (first line: = cur). */
  readonly avgMw: number;
  /** Running max since tegrastats started (printed by r39 only). */
  readonly maxMw: number;
}

/**
 * Everything one tegrastats line can show, independent of generation; `formatTegrastatsLine` picks the tokens
 * and spelling a generation prints. Values are already quantised as printed, so parsing gives them back exactly.
 */
export interface SimTegrastatsState {
  readonly moduleId: ModuleId;
  /** Printed as device-local time; the simulator formats it in UTC. */
  readonly time: Date;
  readonly ram: {
    readonly usedMB: number;
    readonly totalMB: number;
    readonly lfbBlocks: number;
    readonly lfbBlockMB: number;
  };
  /** null → no SWAP token. */
  readonly swap: { readonly usedMB: number; readonly totalMB: number; readonly cachedMB: number } | null;
  /** t210 only. */
  readonly iram: { readonly usedKB: number; readonly totalKB: number; readonly lfbKB: number } | null;
  /** One entry per possible core; null = offline (`off`). */
  readonly cpu: readonly (SimLoadFreq | null)[];
  readonly emc: SimLoadFreq;
  /** One clock per GPC; all 0 when the GPU is power-gated. */
  readonly gpu: { readonly loadPct: number; readonly gpcFreqMHz: readonly number[] };
  /** r36 engine names → busy reading, or null for `off`. Engines not listed print `off`. */
  readonly engines: Readonly<Record<string, SimLoadFreq | null>>;
  readonly vicMHz: number;
  readonly apeMHz: number;
  readonly mts: { readonly fgPct: number; readonly bgPct: number };
  /** Lower-cased zone → °C; zones absent here print `-256C` where the generation lists them. */
  readonly temps: Readonly<Record<string, number>>;
  /** Lower-cased zone → running max °C (r39 prints `cur/max`). */
  readonly tempMaxC: Readonly<Record<string, number>>;
  readonly rails: Readonly<Record<string, SimRailReading>>;
}
