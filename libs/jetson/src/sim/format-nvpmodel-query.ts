import { MODULE_CATALOG, type ModuleId } from '../catalog/index.js';
import type { SimGeneration } from './sim-generation.constant.js';
import type { SimModeClocks } from './sim-mode-clocks.util.js';
import { cpuOnlinePath, simSysfsPaths } from './sim-sysfs-paths.util.js';

export interface NvpmodelQueryFormatInput {
  readonly moduleId: ModuleId;
  readonly generation: SimGeneration;
  readonly clocks: SimModeClocks;
  /** `nvpmodel -q --verbose`. */
  readonly verbose?: boolean;
  /** Fan mode line printed first on r32 Xavier/Xavier NX (`quiet`, `cool`). */
  readonly fanMode?: string;
  /** Trailing `NVPM ERROR:` texts (non-root or conf mismatch), without the prefix. */
  readonly errors?: readonly string[];
}

const CPU_CLUSTER_PARAM: Record<string, string> = {
  t210: 'CPU_A57',
  t186: 'CPU_A57',
  t194: 'CPU_DENVER',
  t234: 'CPU_A78',
  t264: 'CPU_V3AE',
};

/** `nvpmodel -q [--verbose]` output (reference §3.2), newline-terminated. */
export function formatNvpmodelQuery(input: NvpmodelQueryFormatInput): string {
  const { clocks, generation } = input;
  const spec = MODULE_CATALOG[input.moduleId];
  const lines: string[] = [];
  const xavier = spec.soc === 't194';
  const fanMode = input.fanMode ?? (generation === 'r32' && xavier ? 'quiet' : undefined);
  if (fanMode !== undefined) lines.push(`NV Fan Mode:${fanMode}`);
  if (input.verbose === true) {
    lines.push('NVPM VERB: Config file: /etc/nvpmodel.conf', 'NVPM VERB: parsing done for /etc/nvpmodel.conf');
    lines.push(`NVPM VERB: Current mode: NV Power Mode: ${clocks.modeName}`, String(clocks.modeId));
    const noCap = generation === 'r32' ? '2147483647' : '9223372036854775807';
    const param = (p: string, arg: string, path: string, real: string | number, conf: string | number): string =>
      `NVPM VERB: PARAM ${p}: ARG ${arg}: PATH ${path}: REAL_VAL: ${real} CONF_VAL: ${conf}`;
    for (let core = 1; core < spec.cpuCores; core += 1) {
      const on = core < clocks.onlineCores ? 1 : 0;
      lines.push(param('CPU_ONLINE', `CORE_${core}`, cpuOnlinePath(core), on, on));
    }
    const cpuKHz = Math.round(clocks.cpuMaxMHz * 1000);
    const cpuParam = `${CPU_CLUSTER_PARAM[spec.soc] ?? 'CPU'}_0`;
    lines.push(param(cpuParam, 'MAX_FREQ', '/sys/devices/system/cpu/cpu0/cpufreq/scaling_max_freq', cpuKHz, cpuKHz));
    const paths = simSysfsPaths(input.moduleId, generation);
    const gpuHz = Math.round(clocks.gpuMaxMHz * 1e6);
    lines.push(param('GPU', 'MAX_FREQ', paths.gpuMaxFreq, gpuHz, gpuHz));
    lines.push(param('EMC', 'MAX_FREQ', paths.emcCap, Math.round(clocks.emcMaxMHz * 1e6), noCap));
  } else {
    lines.push(`NV Power Mode: ${clocks.modeName}`, String(clocks.modeId));
  }
  for (const error of input.errors ?? []) lines.push(`NVPM ERROR: ${error}`);
  return `${lines.join('\n')}\n`;
}
