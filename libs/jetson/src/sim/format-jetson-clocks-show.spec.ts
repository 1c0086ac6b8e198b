import { describe, expect, it } from 'vitest';
import { MODULE_CATALOG, MODULE_IDS } from '../catalog/index.js';
import { parseJetsonClocksShow } from '../parsers/index.js';
import { SIM_MODULE_GENERATIONS } from './sim-generation.constant.js';
import { SimJetsonDevice } from './sim-jetson-device.js';

const cases = MODULE_IDS.flatMap((moduleId) =>
  SIM_MODULE_GENERATIONS[moduleId].flatMap((generation) =>
    [false, true].map((pinned) => ({ moduleId, generation, pinned })),
  ),
);

describe('formatJetsonClocksShow → parseJetsonClocksShow', () => {
  it.each(cases)('$moduleId $generation pinned=$pinned', ({ moduleId, generation, pinned }) => {
    const device = new SimJetsonDevice({ moduleId, generation, seed: 3 });
    device.setWorkload({ gpuUtil: 0.5, cpuUtil: 0.2 });
    device.setJetsonClocks(pinned);
    const clocks = device.modeClocks;
    const spec = MODULE_CATALOG[moduleId];
    const parsed = parseJetsonClocksShow(device.jetsonClocksShow());

    expect(parsed.warnings).toEqual([]);
    expect(parsed.soc).toBe(spec.soc);
    expect(parsed.powerModeName).toBe(clocks.modeName);
    expect(parsed.cpus.map((c) => c.id)).toEqual(Array.from({ length: spec.cpuCores }, (_, i) => i));
    expect(parsed.onlineCpus).toHaveLength(clocks.onlineCores);
    expect(parsed.cpus.filter((c) => c.online === true)).toHaveLength(clocks.onlineCores);
    expect(parsed.gpu?.maxHz).toBe(Math.round(clocks.gpuMaxMHz * 1e6));
    expect(parsed.gpu?.currentHz).toBe(Math.round(device.effectiveClocks().gpuMHz * 1e6));
    expect(parsed.emc?.freqOverride).toBe(pinned);
    expect(parsed.pinned).toBe(pinned);
  });

  it('lists AGX Orin CPUs in sysfs (lexicographic) order with the r35/r36 double space', () => {
    const text = new SimJetsonDevice({ moduleId: 'agx-orin-64gb', generation: 'r36' }).jetsonClocksShow();
    const cpuLines = text.split('\n').filter((line) => line.startsWith('cpu'));
    expect(cpuLines.slice(0, 4).map((line) => line.split(':')[0])).toEqual(['cpu0', 'cpu1', 'cpu10', 'cpu11']);
    expect(cpuLines[0]).toMatch(
      /^cpu0: {2}Online=1 Governor=schedutil MinFreq=\d+ MaxFreq=1728000 CurrentFreq=\d+ IdleStates: WFI=1 c7=1 $/,
    );
  });

  it('prints the r32 layout: cluster switching line, TX2 idle states, fan speed', () => {
    const text = new SimJetsonDevice({ moduleId: 'tx2', generation: 'r32' }).jetsonClocksShow();
    expect(text.split('\n').slice(0, 3)).toEqual([
      'SOC family:tegra186  Machine:NVIDIA Jetson TX2 Developer Kit',
      'Online CPUs: 0,3-5',
      'CPU Cluster Switching: Disabled',
    ]);
    expect(text).toContain('cpu1: Online=0 Governor=schedutil');
    expect(text).toContain('IdleStates: C1=1 c6=1 c7=1 ');
    expect(text).toMatch(/\nFan: speed=\d+\nNV Power Mode: MAXP_CORE_ARM\n$/);
  });
});
