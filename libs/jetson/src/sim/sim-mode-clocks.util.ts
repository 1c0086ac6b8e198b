import { MODULE_CATALOG, type ModuleId, type PowerMode } from '../catalog/index.js';
import { SIM_HARDWARE } from './sim-hardware.constant.js';

export interface SimModeClocks {
  readonly modeId: number;
  readonly modeName: string;
  readonly onlineCores: number;
  readonly cpuMaxMHz: number;
  readonly gpuMaxMHz: number;
  readonly emcMaxMHz: number;
}

type ClockGap = Partial<Pick<SimModeClocks, 'onlineCores' | 'cpuMaxMHz' | 'gpuMaxMHz'>>;

const XNX: Record<string, ClockGap> = {
  MODE_15W_2CORE: { cpuMaxMHz: 1900, gpuMaxMHz: 1100 },
  MODE_15W_4CORE: { cpuMaxMHz: 1400, gpuMaxMHz: 1100 },
  MODE_15W_6CORE: { cpuMaxMHz: 1400, gpuMaxMHz: 1100 },
  MODE_10W_2CORE: { cpuMaxMHz: 1500, gpuMaxMHz: 800 },
  MODE_10W_4CORE: { cpuMaxMHz: 1200, gpuMaxMHz: 800 },
  MODE_10W_DESKTOP: { onlineCores: 4, cpuMaxMHz: 1200, gpuMaxMHz: 600 },
  MODE_20W_2CORE: { cpuMaxMHz: 1900, gpuMaxMHz: 1100 },
  MODE_20W_4CORE: { cpuMaxMHz: 1900, gpuMaxMHz: 1100 },
  MODE_20W_6CORE: { cpuMaxMHz: 1400, gpuMaxMHz: 1100 },
};

const NX16: Record<string, ClockGap> = {
  MAXN: { cpuMaxMHz: 1984, gpuMaxMHz: 918 },
  '10W': { cpuMaxMHz: 1190.4, gpuMaxMHz: 408 },
  '15W': { cpuMaxMHz: 1497.6, gpuMaxMHz: 612 },
  '25W': { cpuMaxMHz: 1497.6, gpuMaxMHz: 408 },
};

/**
 * Clocks the reference leaves open (catalog `null`). Every value here is an assumption (NVIDIA's published
 * power-mode tables from memory, or the nearest documented sibling), used only to drive the simulator.
 */
const CLOCK_GAPS: Partial<Record<ModuleId, Record<string, ClockGap>>> = {
  // Reference §3.1 gives the 5W GPU cap as ≈ 614–640 MHz.
  'nano-4gb': { '5W': { gpuMaxMHz: 640 } },
  'nano-2gb': { '5W': { gpuMaxMHz: 640 } },
  'agx-xavier-16gb': { MODE_15W_DESKTOP: { onlineCores: 4, cpuMaxMHz: 1420.8, gpuMaxMHz: 670 } },
  'agx-xavier-32gb': { MODE_15W_DESKTOP: { onlineCores: 4, cpuMaxMHz: 1420.8, gpuMaxMHz: 670 } },
  'xavier-nx-8gb': XNX,
  'xavier-nx-16gb': XNX,
  'orin-nano-4gb': {
    '10W': { onlineCores: 6, cpuMaxMHz: 1510.4, gpuMaxMHz: 624.75 },
    '7W_AI': { onlineCores: 4, cpuMaxMHz: 1113.6, gpuMaxMHz: 624.75 },
    '7W_CPU': { onlineCores: 6, cpuMaxMHz: 1113.6, gpuMaxMHz: 408 },
  },
  // Reference §3.1: 7W is 4 cores ≈ 1.1 GHz, GPU ≈ 408–420 MHz.
  'orin-nano-8gb': { '7W': { cpuMaxMHz: 1113.6, gpuMaxMHz: 408 } },
  'orin-nx-8gb': {
    MAXN: { cpuMaxMHz: 1984, gpuMaxMHz: 765 },
    '10W': { onlineCores: 4, cpuMaxMHz: 1190.4, gpuMaxMHz: 408 },
    '15W': { onlineCores: 4, cpuMaxMHz: 1497.6, gpuMaxMHz: 612 },
    '20W': { onlineCores: 6, cpuMaxMHz: 1497.6, gpuMaxMHz: 612 },
  },
  'orin-nx-8gb-super': { MAXN_SUPER: { cpuMaxMHz: 1984, gpuMaxMHz: 1173 } },
  'orin-nx-16gb': NX16,
  'orin-nx-16gb-super': { '10W': NX16['10W'] ?? {}, '15W': NX16['15W'] ?? {} },
  'agx-orin-32gb': {
    MAXN: { cpuMaxMHz: 2201.6, gpuMaxMHz: 930.75 },
    MODE_15W: { onlineCores: 4, cpuMaxMHz: 1113.6, gpuMaxMHz: 420.75 },
    MODE_30W: { onlineCores: 8, cpuMaxMHz: 1728, gpuMaxMHz: 624.75 },
    MODE_40W: { onlineCores: 8, cpuMaxMHz: 1497.6, gpuMaxMHz: 828.75 },
  },
  'agx-thor': {
    MAXN: { cpuMaxMHz: 2601, gpuMaxMHz: 1575 },
    '120W': { onlineCores: 14, cpuMaxMHz: 2601, gpuMaxMHz: 1386 },
    '90W': { onlineCores: 12, cpuMaxMHz: 2210, gpuMaxMHz: 1152 },
    '70W': { onlineCores: 10, cpuMaxMHz: 1998, gpuMaxMHz: 1005 },
  },
};

/** Clocks the simulator runs a mode at: catalog values first, then the gaps above, then module maxima. */
export function simModeClocks(moduleId: ModuleId, mode: PowerMode): SimModeClocks {
  const spec = MODULE_CATALOG[moduleId];
  const hardware = SIM_HARDWARE[moduleId];
  const gap = CLOCK_GAPS[moduleId]?.[mode.name] ?? {};
  return {
    modeId: mode.id,
    modeName: mode.name,
    onlineCores: Math.min(mode.onlineCores ?? gap.onlineCores ?? spec.cpuCores, spec.cpuCores),
    cpuMaxMHz: mode.cpuMaxMHz ?? gap.cpuMaxMHz ?? hardware.cpuMaxMHz,
    gpuMaxMHz: mode.gpuMaxMHz ?? gap.gpuMaxMHz ?? hardware.gpuMaxMHz,
    emcMaxMHz: hardware.emcMaxMHz,
  };
}
