import { MODULE_CATALOG, type ModuleId } from '../catalog/index.js';
import { SIM_HARDWARE } from './sim-hardware.constant.js';
import type { SimGeneration } from './sim-generation.constant.js';
import type { SimLoadFreq, SimRailReading, SimTegrastatsState } from './sim-tegrastats-state.types.js';

export interface TegrastatsFormatOptions {
  readonly generation: SimGeneration;
  readonly root: boolean;
  /**
   * AGX Orin on early r35 (JP5.0–5.1.1) prints `GR3D_FREQ a%@f GR3D2_FREQ b%@f` instead of one bracket list.
   * Defaults to true for AGX Orin on r35.
   */
  readonly splitGpcTokens?: boolean;
}

/** One tegrastats line in the exact token order and spelling of the generation (reference §2.3–2.4). */
export function formatTegrastatsLine(state: SimTegrastatsState, options: TegrastatsFormatOptions): string {
  const { generation } = options;
  const thor = MODULE_CATALOG[state.moduleId].soc === 't264';
  const tokens: string[] = [];
  if (generation !== 'r32') tokens.push(formatTimestamp(state.time));
  tokens.push(`RAM ${state.ram.usedMB}/${state.ram.totalMB}MB (lfb ${state.ram.lfbBlocks}x${state.ram.lfbBlockMB}MB)`);
  if (state.swap !== null && !thor) {
    tokens.push(`SWAP ${state.swap.usedMB}/${state.swap.totalMB}MB (cached ${state.swap.cachedMB}MB)`);
  }
  if (generation === 'r32' && state.iram !== null) {
    tokens.push(`IRAM ${state.iram.usedKB}/${state.iram.totalKB}kB(lfb ${state.iram.lfbKB}kB)`);
  }
  tokens.push(`CPU [${state.cpu.map((c) => (c === null ? 'off' : `${c.loadPct}%@${c.freqMHz}`)).join(',')}]`);
  if (!thor) tokens.push(...clockTokens(state, options));
  tokens.push(...temperatureTokens(state, generation));
  tokens.push(...railTokens(state, generation));
  return tokens.join(' ');
}

function clockTokens(state: SimTegrastatsState, options: TegrastatsFormatOptions): string[] {
  const { generation, root } = options;
  const hw = SIM_HARDWARE[state.moduleId];
  const gpuLoad = `${state.gpu.loadPct}%`;
  const emc = state.emc;
  switch (generation) {
    case 'r32': {
      if (!root) return [`EMC_FREQ ${emc.loadPct}%`, `GR3D_FREQ ${gpuLoad}`];
      const tokens = [
        `EMC_FREQ ${emc.loadPct}%@${emc.freqMHz}`,
        `GR3D_FREQ ${gpuLoad}@${state.gpu.gpcFreqMHz[0] ?? 0}`,
      ];
      for (const engine of ['NVENC', 'NVDEC']) {
        const reading = state.engines[engine];
        if (reading) tokens.push(`${engine} ${reading.freqMHz}`);
      }
      tokens.push(`APE ${state.apeMHz}`);
      if (hw.mts) tokens.push(`MTS fg ${state.mts.fgPct}% bg ${state.mts.bgPct}%`);
      return tokens;
    }
    case 'r35': {
      // Non-root r35 is not captured (§2.4 "?"): assumed to drop clocks like r32.
      if (!root) return [`EMC_FREQ ${emc.loadPct}%`, `GR3D_FREQ ${gpuLoad}`];
      const split = options.splitGpcTokens ?? state.gpu.gpcFreqMHz.length > 1;
      const gpu = split
        ? [
            `GR3D_FREQ ${gpuLoad}@${state.gpu.gpcFreqMHz[0] ?? 0}`,
            `GR3D2_FREQ ${gpuLoad}@${state.gpu.gpcFreqMHz[1] ?? 0}`,
          ]
        : [`GR3D_FREQ ${gpuLoad}@[${state.gpu.gpcFreqMHz.join(',')}]`];
      return [`EMC_FREQ ${emc.loadPct}%@${emc.freqMHz}`, ...gpu, `VIC_FREQ ${state.vicMHz}`, `APE ${state.apeMHz}`];
    }
    case 'r36':
    case 'r38':
    case 'r39': {
      if (!root) return [`GR3D_FREQ ${gpuLoad}`];
      const engines = hw.engines.map((engine) => formatEngine(engineName(engine, generation), state.engines[engine]));
      return [
        `EMC_FREQ ${emc.loadPct}%@${emc.freqMHz}`,
        `GR3D_FREQ ${gpuLoad}@[${state.gpu.gpcFreqMHz.join(',')}]`,
        ...engines,
        `APE ${state.apeMHz}`,
      ];
    }
  }
}

const engineName = (engine: string, generation: SimGeneration): string =>
  generation === 'r39' && (engine === 'NVDEC' || engine === 'NVJPG') ? `${engine}0` : engine;

const formatEngine = (name: string, reading: SimLoadFreq | null | undefined): string =>
  reading ? `${name} ${reading.loadPct}%@${reading.freqMHz}` : `${name} off`;

/** Printed zone names for a module and generation: catalog lists, upper-cased on r32/r35 where no list exists. */
export function tegrastatsZoneNames(moduleId: ModuleId, generation: SimGeneration): readonly string[] {
  const spec = MODULE_CATALOG[moduleId];
  const major = Number(generation.slice(1));
  const specific = spec.thermalZonesByL4tMajor[major];
  if (specific !== undefined) return specific;
  const lowerCase = spec.thermalZones.every((zone) => zone === zone.toLowerCase());
  if (major <= 35 && lowerCase) return spec.thermalZones.map((zone) => (zone === 'tj' ? zone : zone.toUpperCase()));
  return spec.thermalZones;
}

function temperatureTokens(state: SimTegrastatsState, generation: SimGeneration): string[] {
  const tokens: string[] = [];
  for (const zone of tegrastatsZoneNames(state.moduleId, generation)) {
    const key = zone.toLowerCase();
    const current = state.temps[key];
    if (current === undefined) {
      // r35 prints disabled zones as -256C; later generations leave them out.
      if (generation === 'r35') tokens.push(`${zone}@-256C`);
      continue;
    }
    tokens.push(
      generation === 'r39' ? `${zone}@${current}C/${state.tempMaxC[key] ?? current}C` : `${zone}@${current}C`,
    );
  }
  return tokens;
}

function railTokens(state: SimTegrastatsState, generation: SimGeneration): string[] {
  const spec = MODULE_CATALOG[state.moduleId];
  const value = (r: SimRailReading): string => {
    if (generation === 'r32') return `${r.curMw}/${r.avgMw}`;
    if (generation === 'r39') return `${r.curMw}mW/${r.avgMw}mW/${r.maxMw}mW`;
    return `${r.curMw}mW/${r.avgMw}mW`;
  };
  const tokens: string[] = [];
  for (const name of spec.rails) {
    const reading = state.rails[name];
    if (reading !== undefined) tokens.push(`${name} ${value(reading)}`);
  }
  const ddr = state.rails['VDDQ_VDD2_1V8AO'];
  if (generation === 'r35' && ddr !== undefined && spec.rails.includes('VDD_GPU_SOC')) {
    // r35 AGX Orin prints two unconnected channels around the DDR rail.
    tokens.push('NC 0mW/0mW', `VDDQ_VDD2_1V8AO ${value(ddr)}`, 'NC 0mW/0mW');
  }
  return tokens;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `MM-DD-YYYY HH:MM:SS`. */
function formatTimestamp(time: Date): string {
  return (
    `${pad(time.getUTCMonth() + 1)}-${pad(time.getUTCDate())}-${time.getUTCFullYear()} ` +
    `${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())}`
  );
}
