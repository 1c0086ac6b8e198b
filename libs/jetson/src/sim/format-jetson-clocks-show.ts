import { MODULE_CATALOG, type ModuleId } from '../catalog/index.js';
import { SIM_HARDWARE } from './sim-hardware.constant.js';
import type { SimGeneration } from './sim-generation.constant.js';
import type { SimModeClocks } from './sim-mode-clocks.util.js';

export interface JetsonClocksShowState {
  readonly moduleId: ModuleId;
  readonly generation: SimGeneration;
  readonly clocks: SimModeClocks;
  /** Per possible core (catalog `cpuCores`): current MHz, or null when offline. */
  readonly cpuCurrentMHz: readonly (number | null)[];
  readonly gpuCurrentMHz: number;
  readonly emcCurrentMHz: number;
  /** `jetson_clocks` ran: min = max = current and idle states off. */
  readonly pinned: boolean;
  readonly fanPwm: number;
}

const khz = (mhz: number): number => Math.round(mhz * 1000);
const hz = (mhz: number): number => Math.round(mhz * 1e6);

/** `jetson_clocks --show` (reference §4), newline-terminated. */
export function formatJetsonClocksShow(state: JetsonClocksShowState): string {
  const spec = MODULE_CATALOG[state.moduleId];
  const hw = SIM_HARDWARE[state.moduleId];
  const { generation, clocks, pinned } = state;
  const lines: string[] = [`SOC family:tegra${spec.soc.slice(1)}  Machine:${hw.machine}`];

  const online = state.cpuCurrentMHz.flatMap((mhz, cpu) => (mhz === null ? [] : [cpu]));
  const offline = state.cpuCurrentMHz.flatMap((mhz, cpu) => (mhz === null ? [cpu] : []));
  lines.push(
    generation === 'r39'
      ? `Online CPUs: ${cpuRanges(online)}, Offline CPUs: ${cpuRanges(offline)}`
      : `Online CPUs: ${cpuRanges(online)}`,
  );
  if (generation === 'r32') lines.push('CPU Cluster Switching: Disabled');

  const ids = state.cpuCurrentMHz.map((_, cpu) => cpu);
  // sysfs order: AGX Orin (and Thor) list cpu0, cpu1, cpu10, cpu11, cpu2 …
  ids.sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  const t234Spacing = spec.soc === 't234' && (generation === 'r35' || generation === 'r36') ? '  ' : ' ';
  const idle = (on: number): string => (spec.soc === 't186' ? `C1=${on} c6=${on} c7=${on}` : `WFI=${on} c7=${on}`);
  for (const cpu of ids) {
    const current = state.cpuCurrentMHz[cpu] ?? null;
    const isOnline = current !== null;
    const min = pinned && isOnline ? clocks.cpuMaxMHz : hw.cpuMinMHz;
    const fields = [
      ...(generation === 'r39' ? [] : [`Online=${isOnline ? 1 : 0}`]),
      'Governor=schedutil',
      `MinFreq=${khz(min)}`,
      `MaxFreq=${khz(clocks.cpuMaxMHz)}`,
      `CurrentFreq=${khz(current ?? min)}`,
      `IdleStates: ${idle(pinned ? 0 : 1)} `,
    ];
    lines.push(`cpu${cpu}:${t234Spacing}${fields.join(' ')}`);
  }

  const gpuMin = pinned ? clocks.gpuMaxMHz : hw.gpuMinMHz;
  lines.push(`GPU MinFreq=${hz(gpuMin)} MaxFreq=${hz(clocks.gpuMaxMHz)} CurrentFreq=${hz(state.gpuCurrentMHz)}`);
  if (generation !== 'r32' && generation !== 'r35') lines.push(`Active GPU TPCs: ${Math.max(1, spec.smCount / 2)}`);
  const emcMin = pinned ? clocks.emcMaxMHz : 204;
  lines.push(
    `EMC MinFreq=${hz(emcMin)} MaxFreq=${hz(clocks.emcMaxMHz)} CurrentFreq=${hz(state.emcCurrentMHz)} FreqOverride=${pinned ? 1 : 0}`,
  );
  if (generation === 'r35' && spec.id.startsWith('agx-orin')) lines.push(...agxOrinEngineLines());
  lines.push(...fanLines(state));
  lines.push(`NV Power Mode: ${clocks.modeName}`);
  return `${lines.join('\n')}\n`;
}

function agxOrinEngineLines(): string[] {
  const engine = (name: string, maxHz: number): string =>
    `${`${name}:`.padEnd(13)}Online=1 MinFreq=0 MaxFreq=${maxHz} CurrentFreq=${maxHz}`;
  return [
    engine('DLA0_CORE', 1600000000),
    engine('DLA0_FALCON', 844800000),
    engine('DLA1_CORE', 1600000000),
    engine('DLA1_FALCON', 844800000),
    engine('PVA0_VPS0', 1152000000),
    engine('PVA0_AXI', 832000000),
  ];
}

function fanLines(state: JetsonClocksShowState): string[] {
  const pwm = state.fanPwm;
  switch (state.generation) {
    case 'r32':
      return [MODULE_CATALOG[state.moduleId].soc === 't210' ? `Fan: PWM=${pwm}` : `Fan: speed=${pwm}`];
    case 'r35':
      return [`FAN Dynamic Speed control=active hwmon2_pwm1=${pwm}`];
    case 'r36':
    case 'r38':
      return [`FAN Dynamic Speed Control=nvfancontrol hwmon0_pwm1=${pwm}`];
    case 'r39':
      return [
        `FAN Dynamic Speed Control=nvfancontrol hwmon0_pwm1=${pwm}`,
        'FAN Dynamic Speed Control=nvfancontrol hwmon0_pwm1_enable=1',
      ];
  }
}

/** [0,1,2,3,5] → `0-3,5`. */
function cpuRanges(cpus: readonly number[]): string {
  const parts: string[] = [];
  let start = cpus[0];
  let prev = start;
  for (const cpu of [...cpus.slice(1), Number.NaN]) {
    if (start === undefined || prev === undefined) break;
    if (cpu === prev + 1) {
      prev = cpu;
      continue;
    }
    parts.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = cpu;
    prev = cpu;
  }
  return parts.join(',');
}
