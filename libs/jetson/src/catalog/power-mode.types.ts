/** One nvpmodel mode. Names are DVFS caps, not metered limits; ids are not portable across modules. */
export interface PowerMode {
  id: number;
  name: string;
  /** From the name (`15W` → 15, `MODE_30W_ALL` → 30) or the module maximum for MAXN-style modes. */
  budgetW: number;
  isDefault: boolean;
  /** Whether switching to this mode from the module's default mode needs a reboot. */
  rebootRequired: boolean;
  onlineCores: number | null;
  cpuMaxMHz: number | null;
  gpuMaxMHz: number | null;
}

/** Mode as written in the tables; budget and reboot flag are derived. */
export interface PowerModeSpec {
  id: number;
  name: string;
  isDefault?: boolean;
  onlineCores?: number;
  cpuMaxMHz?: number;
  gpuMaxMHz?: number;
  /** Only for names that carry no watts and are not MAXN-style (TX2 MAXQ/MAXP). */
  budgetW?: number;
}
