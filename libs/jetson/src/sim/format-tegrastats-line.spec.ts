import { describe, expect, it } from 'vitest';
import { MODULE_CATALOG, MODULE_IDS, type ModuleId } from '../catalog/index.js';
import { parseTegrastatsLine } from '../parsers/index.js';
import { formatTegrastatsLine, tegrastatsZoneNames } from './format-tegrastats-line.js';
import { SIM_MODULE_GENERATIONS, type SimGeneration } from './sim-generation.constant.js';
import { SimJetsonDevice } from './sim-jetson-device.js';
import type { SimTegrastatsState } from './sim-tegrastats-state.types.js';

const cases = MODULE_IDS.flatMap((moduleId) =>
  SIM_MODULE_GENERATIONS[moduleId].flatMap((generation) =>
    [true, false].map((root) => ({ moduleId, generation, root })),
  ),
);

function busyState(moduleId: ModuleId, generation: SimGeneration): SimTegrastatsState {
  const device = new SimJetsonDevice({ moduleId, generation, seed: 7 });
  device.sampleTegrastats();
  device.setWorkload({ gpuUtil: 0.8, cpuUtil: 0.35, precision: 'FP16', encoderUtil: 0.4, dlaUtil: 0.6, ramMB: 900 });
  device.advance(120);
  // Third sample: avg (running mean) now differs from cur.
  device.sampleTegrastats();
  return device.sampleTegrastats();
}

function printedRails(moduleId: ModuleId, generation: SimGeneration): string[] {
  const rails = [...MODULE_CATALOG[moduleId].rails];
  if (generation === 'r35' && moduleId.startsWith('agx-orin')) rails.push('VDDQ_VDD2_1V8AO');
  return rails;
}

describe('formatTegrastatsLine → parseTegrastatsLine round trip', () => {
  it.each(cases)('$moduleId $generation root=$root', ({ moduleId, generation, root }) => {
    const state = busyState(moduleId, generation);
    const line = formatTegrastatsLine(state, { generation, root });
    const parsed = parseTegrastatsLine(line, { module: moduleId });
    const thor = moduleId === 'agx-thor';

    expect(parsed.warnings).toEqual([]);
    expect(parsed.timestamp === null).toBe(generation === 'r32');
    expect(parsed.ramUsedMB).toBe(state.ram.usedMB);
    expect(parsed.ramTotalMB).toBe(MODULE_CATALOG[moduleId].ramMB);
    expect(parsed.swapTotalMB).toBe(thor ? null : (state.swap?.totalMB ?? null));
    expect(parsed.cpu).toEqual(state.cpu.map((c) => (c === null ? null : { loadPct: c.loadPct, freqMHz: c.freqMHz })));
    expect(parsed.cpu).toHaveLength(MODULE_CATALOG[moduleId].tegrastatsCpuEntries);
    expect(parsed.gpuLoadPct).toBe(thor ? null : state.gpu.loadPct);
    expect(parsed.gpuFreqMHz).toBe(thor || !root ? null : Math.max(...state.gpu.gpcFreqMHz));

    const zones = tegrastatsZoneNames(moduleId, generation).map((z) => z.toLowerCase());
    const expectedTemps = Object.fromEntries(
      zones.flatMap((z) => (state.temps[z] === undefined ? [] : [[z, state.temps[z]]])),
    );
    expect(parsed.temps).toEqual(expectedTemps);

    const expectedRails = Object.fromEntries(
      printedRails(moduleId, generation).flatMap((name) => {
        const r = state.rails[name];
        if (r === undefined) return [];
        const value = { curMw: r.curMw, avgMw: r.avgMw, ...(generation === 'r39' ? { maxMw: r.maxMw } : {}) };
        return [[name, value]];
      }),
    );
    expect(parsed.rails).toEqual(expectedRails);

    const rule = MODULE_CATALOG[moduleId].powerRule;
    const cur = (name: string): number => state.rails[name]?.curMw ?? Number.NaN;
    const expectedTotal =
      rule.kind === 'rail' ? cur(rule.rail) : rule.kind === 'sum' ? rule.rails.reduce((s, r) => s + cur(r), 0) : null;
    expect(parsed.totalPowerMw).toBe(expectedTotal);
  });
});

describe('formatTegrastatsLine grammar', () => {
  const line = (moduleId: ModuleId, generation: SimGeneration, root = true): string =>
    formatTegrastatsLine(busyState(moduleId, generation), { generation, root });

  it('JP4 Nano: no timestamp, IRAM without a space before (lfb, unitless rails', () => {
    expect(line('nano-4gb', 'r32')).toMatch(
      /^RAM \d+\/3964MB \(lfb \d+x4MB\) SWAP \d+\/1982MB \(cached 0MB\) IRAM 0\/252kB\(lfb 252kB\) CPU \[(\d+%@\d+,){3}\d+%@\d+\] EMC_FREQ \d+%@1600 GR3D_FREQ \d+%@\d+ NVENC \d+ APE 25 PLL@[\d.]+C CPU@[\d.]+C PMIC@50C GPU@[\d.]+C AO@[\d.]+C thermal@[\d.]+C POM_5V_IN \d+\/\d+ POM_5V_GPU \d+\/\d+ POM_5V_CPU \d+\/\d+$/,
    );
  });

  it('JP4 TX2 non-root: Denver cores off in MAXP_CORE_ARM, percentages without clocks', () => {
    expect(line('tx2', 'r32', false)).toMatch(
      /CPU \[\d+%@\d+,off,off,\d+%@\d+,\d+%@\d+,\d+%@\d+\] EMC_FREQ \d+% GR3D_FREQ \d+% PLL@/,
    );
  });

  it('JP5 AGX Orin: GR3D2 split, -256C zones, NC channels around the DDR rail', () => {
    const text = line('agx-orin-64gb', 'r35');
    expect(text).toMatch(/GR3D_FREQ \d+%@\d+ GR3D2_FREQ \d+%@\d+ VIC_FREQ 729 APE 174 CV0@-256C CPU@/);
    expect(text).toMatch(/VIN_SYS_5V0 \d+mW\/\d+mW NC 0mW\/0mW VDDQ_VDD2_1V8AO \d+mW\/\d+mW NC 0mW\/0mW$/);
  });

  it('JP6 root lists the module engines; non-root drops EMC, clocks and engines', () => {
    expect(line('orin-nano-8gb-super', 'r36')).toMatch(
      /GR3D_FREQ \d+%@\[\d+\] NVDEC off NVJPG off NVJPG1 off VIC off OFA off APE 200 cpu@/,
    );
    expect(line('agx-orin-64gb', 'r36')).toMatch(/NVENC \d+%@1011 .* NVDLA0 \d+%@1600 NVDLA1 off PVA0_FREQ off APE/);
    expect(line('orin-nx-16gb', 'r36', false)).toMatch(/\] GR3D_FREQ \d+% cv0@/);
  });

  it('JP7.2: NVDEC0/NVJPG0, cur/max temps, cur/avg/max rails, no SWAP', () => {
    const text = line('orin-nano-8gb', 'r39');
    expect(text).not.toContain('SWAP');
    expect(text).toMatch(/NVDEC0 off NVJPG0 off NVJPG1 off/);
    expect(text).toMatch(/tj@[\d.]+C\/[\d.]+C/);
    expect(text).toMatch(/VDD_IN \d+mW\/\d+mW\/\d+mW VDD_CPU_GPU_CV/);
  });

  it('JP7.0 Thor: timestamp, RAM, 14 cores, temps, rails only', () => {
    expect(line('agx-thor', 'r38')).toMatch(
      /^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2} RAM \d+\/125772MB \(lfb \d+x4MB\) CPU \[([^\]]+)\] cpu@[\d.]+C tj@[\d.]+C soc012@[\d.]+C gpu@[\d.]+C soc345@[\d.]+C VDD_GPU \d+mW\/\d+mW VDD_CPU_SOC_MSS \d+mW\/\d+mW VIN_SYS_5V0 \d+mW\/\d+mW VIN \d+mW\/\d+mW$/,
    );
  });

  it('TX2 NX prints no rails', () => {
    expect(line('tx2-nx', 'r32')).toMatch(/Tdiode@[\d.]+C$/);
  });

  it('Orin temperatures are 1/32 °C truncated to three decimals', () => {
    for (const celsius of Object.values(busyState('orin-nx-16gb', 'r36').temps)) {
      const steps = celsius * 32;
      expect(Math.abs(steps - Math.round(steps)) * 1000).toBeLessThan(32);
      expect(String(celsius)).toMatch(/^\d+(\.\d{1,3})?$/);
    }
  });
});
