import { MODULE_CATALOG, type ModuleId } from '../catalog/index.js';
import type { SimGeneration } from './sim-generation.constant.js';

/** sysfs paths nvpmodel prints in PARAM / error lines (reference §3.2; r35 Orin and t264 paths assumed). */
export function simSysfsPaths(moduleId: ModuleId, generation: SimGeneration): { gpuMaxFreq: string; emcCap: string } {
  const soc = MODULE_CATALOG[moduleId].soc;
  if (generation === 'r32') {
    const gpu = soc === 't210' ? '57000000.gpu' : soc === 't186' ? '17000000.gp10b' : '17000000.gv11b';
    return {
      gpuMaxFreq: `/sys/devices/${gpu}/devfreq/${gpu}/max_freq`,
      emcCap: '/sys/kernel/nvpmodel_emc_cap/emc_iso_cap',
    };
  }
  if (generation === 'r35') {
    const gpu = soc === 't194' ? '17000000.gv11b' : '17000000.ga10b';
    return { gpuMaxFreq: `/sys/devices/${gpu}/devfreq/${gpu}/max_freq`, emcCap: '/sys/kernel/nvpmodel_clk_cap/emc' };
  }
  return {
    gpuMaxFreq: '/sys/devices/platform/17000000.gpu/devfreq_dev/max_freq',
    emcCap: '/sys/kernel/nvpmodel_clk_cap/emc',
  };
}

export const cpuOnlinePath = (core: number): string => `/sys/devices/system/cpu/cpu${core}/online`;
