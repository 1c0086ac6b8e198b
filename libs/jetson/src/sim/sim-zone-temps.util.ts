import { MODULE_CATALOG, type ModuleId } from '../catalog/index.js';
import { SIM_HARDWARE } from './sim-hardware.constant.js';
import type { SimRandom } from './sim-random.util.js';

/** Zones the AGX Orin devkit reports as disabled (`-256C` on r35, omitted on r36+). */
const DISABLED_ZONES: Partial<Record<ModuleId, readonly string[]>> = {
  'agx-orin-32gb': ['cv0', 'cv1', 'cv2', 'gpu'],
  'agx-orin-64gb': ['cv0', 'cv1', 'cv2', 'gpu'],
};

const BOARD_ZONES = new Set(['tboard', 'tdiode', 'pmic']);

/** Every lower-cased zone the module prints in any generation, minus disabled ones. */
export function simZones(moduleId: ModuleId): string[] {
  const spec = MODULE_CATALOG[moduleId];
  const all = [spec.thermalZones, ...Object.values(spec.thermalZonesByL4tMajor)].flat().map((z) => z.toLowerCase());
  const disabled = new Set(DISABLED_ZONES[moduleId] ?? []);
  return [...new Set(all)].filter((zone) => !disabled.has(zone));
}

function offsetC(zone: string, cpuUtil: number, gpuUtil: number): number {
  if (zone === 'cpu' || zone === 'mcpu' || zone === 'bcpu') return 1.5 * cpuUtil - 0.5;
  if (zone === 'gpu') return 1.5 * gpuUtil - 0.5;
  if (zone.startsWith('soc')) return -2 - 0.3 * Number(zone.slice(3, 4) || 0);
  if (zone.startsWith('cv')) return -3;
  if (zone === 'tboard') return -10;
  if (zone === 'tdiode') return -9;
  if (zone === 'thermal') return -1;
  if (zone === 'aux') return -2.5;
  if (zone === 'ao') return -3;
  return -2;
}

/** Orin/Thor sensors report 1/32 °C, printed truncated to 3 decimals; older boards use coarser steps. */
function quantize(moduleId: ModuleId, zone: string, celsius: number): number {
  const fine = MODULE_CATALOG[moduleId].soc === 't234' || MODULE_CATALOG[moduleId].soc === 't264';
  if (zone === 'tboard') return Math.round(celsius);
  if (zone === 'tdiode') return Math.round(celsius * 4) / 4;
  if (fine) return Math.trunc((Math.round(celsius * 32) / 32) * 1000) / 1000;
  if (zone === 'thermal') return Math.round(celsius * 20) / 20;
  return Math.round(celsius * 2) / 2;
}

/** Zone temperatures around the die temperature; `tj` is the hottest on-die zone, as the firmware reports it. */
export function simZoneTemps(
  moduleId: ModuleId,
  dieC: number,
  load: { readonly cpuUtil: number; readonly gpuUtil: number },
  random: SimRandom,
): Record<string, number> {
  const temps: Record<string, number> = {};
  const zones = simZones(moduleId);
  for (const zone of zones) {
    if (zone === 'tj') continue;
    temps[zone] =
      zone === 'pmic'
        ? SIM_HARDWARE[moduleId].pmicC
        : quantize(moduleId, zone, dieC + offsetC(zone, load.cpuUtil, load.gpuUtil) + random.uniform(-0.3, 0.3));
  }
  if (zones.includes('tj')) {
    const onDie = Object.entries(temps).filter(([zone]) => !BOARD_ZONES.has(zone));
    temps['tj'] = Math.max(...onDie.map(([, c]) => c));
  }
  return temps;
}
