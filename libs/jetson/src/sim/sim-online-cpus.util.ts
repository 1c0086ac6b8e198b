import { MODULE_CATALOG, type ModuleId } from '../catalog/index.js';
import { SIM_HARDWARE } from './sim-hardware.constant.js';

/** Cores left online by a mode: TX2 drops its Denver pair first, other modules the highest-numbered cores. */
export function simOnlineCpus(moduleId: ModuleId, onlineCores: number): Set<number> {
  const cores = MODULE_CATALOG[moduleId].cpuCores;
  const order = [...SIM_HARDWARE[moduleId].offlineFirst, ...Array.from({ length: cores }, (_, i) => cores - 1 - i)];
  const offline = new Set([...new Set(order)].slice(0, Math.max(0, cores - onlineCores)));
  return new Set(Array.from({ length: cores }, (_, i) => i).filter((i) => !offline.has(i)));
}
