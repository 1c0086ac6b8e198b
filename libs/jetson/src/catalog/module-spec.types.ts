import type { ModuleId } from './module-id.constant.js';
import type { PowerMode } from './power-mode.types.js';
import type { PowerRule } from './power-rule.types.js';

export type SocId = 't210' | 't186' | 't194' | 't234' | 't264';

export type GpuArch = 'Maxwell' | 'Pascal' | 'Volta' | 'Ampere' | 'Blackwell';

export interface ModuleSpec {
  id: ModuleId;
  name: string;
  soc: SocId;
  gpuArch: GpuArch;
  /** Compute capability, e.g. "8.7"; null where the reference does not give it (Thor). */
  smArch: string | null;
  smCount: number;
  cpuCores: number;
  /** tegrastats prints one CPU entry per possible core; AGX Orin 32GB lists 12 with the last 4 `off`. */
  tegrastatsCpuEntries: number;
  dlaCores: number;
  /** Typical `RAM x/<total>MB` seen in tegrastats. */
  ramMB: number;
  /** Marketing size, used to tell variants apart from a measured total. */
  ramGB: number;
  int8TensorCores: boolean;
  nvenc: boolean;
  /** Module P-numbers as found in /proc/device-tree/compatible or the dts filename. */
  pNumbers: readonly string[];
  /** tegrastats zone names as printed, for the newest generation the module runs. */
  thermalZones: readonly string[];
  /** Zone lists for older L4T majors where the order or case differs, keyed by L4T major. */
  thermalZonesByL4tMajor: Readonly<Record<number, readonly string[]>>;
  rails: readonly string[];
  powerRule: PowerRule;
  /** Upper bound used as the budget of MAXN-style modes. */
  maxPowerW: number;
  powerModes: readonly PowerMode[];
}
