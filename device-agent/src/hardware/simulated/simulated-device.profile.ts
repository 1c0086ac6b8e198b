import type { ModuleId, SimTrtexecModel } from '@jetfleet/jetson';
import type { SimFault } from './sim-fault.types.js';

/** What a simulated board runs: module and software stack, plus knobs for tests and demos. */
export interface SimulatedDeviceProfile {
  module: ModuleId;
  /** Also picks the simulator generation (r32, r35, r36, r38, r39) and so the TensorRT version. */
  l4t: string;
  diskTotalMB: number;
  diskFreeMB: number;
  seed: number;
  /** Wall seconds per simulated second (default 1); 0.001 builds a 5-minute engine in 0.3 s. */
  timeFactor?: number;
  /** nvpmodel id at boot (default: the module's default mode). */
  powerModeId?: number;
  /** The agent runs as root (default true): tegrastats prints clocks, nvpmodel -m and jetson_clocks work. */
  root?: boolean;
  /** `/proc/device-tree/model` as a carrier vendor set it (default: NVIDIA's developer-kit string). */
  deviceTreeModel?: string;
  ambientC?: number;
  /** `tegrastats --interval` the adapter uses (default 1000 ms). */
  tegrastatsIntervalMs?: number;
  /** What the simulator knows about ONNX models, by path (hints, unsupported ops, builder memory). */
  models?: Readonly<Record<string, SimTrtexecModel>>;
  /** Injected at start. */
  faults?: readonly SimFault[];
}

/**
 * A plausible mixed fleet: each entry pairs a module with an L4T release it really ships with,
 * so JetPack generations vary along with the hardware.
 */
export const FLEET_MIX: ReadonlyArray<Pick<SimulatedDeviceProfile, 'module' | 'l4t'>> = [
  { module: 'orin-nano-8gb-super', l4t: '36.4.3' },
  { module: 'orin-nx-16gb', l4t: '36.4.4' },
  { module: 'agx-orin-64gb', l4t: '36.4.4' },
  { module: 'xavier-nx-8gb', l4t: '35.3.1' },
  { module: 'agx-xavier-32gb', l4t: '35.6.1' },
  { module: 'orin-nano-8gb', l4t: '35.4.1' },
  { module: 'nano-4gb', l4t: '32.7.4' },
  { module: 'agx-orin-32gb', l4t: '35.4.1' },
];

export function profileForIndex(index: number, seed = 1): SimulatedDeviceProfile {
  const mix = FLEET_MIX[index % FLEET_MIX.length] ?? FLEET_MIX[0];
  if (!mix) throw new Error('empty fleet mix');
  return { ...mix, diskTotalMB: 59_000, diskFreeMB: 31_000 - (index % 7) * 1500, seed: seed * 7919 + index };
}
