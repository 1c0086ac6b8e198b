import { describe, expect, it } from 'vitest';
import { MODULE_CATALOG, MODULE_IDS, type ModuleId } from '../catalog/index.js';
import { parseNvpmodelQuery, parseTegrastatsLine } from '../parsers/index.js';
import { SimJetsonDevice } from './sim-jetson-device.js';
import type { SimWorkload } from './sim-workload.types.js';

const watts = (device: SimJetsonDevice): number => (device.boardPowerMw() ?? Number.NaN) / 1000;

/** trtexec saturates the GPU and keeps one host thread busy. */
const trtexec = (moduleId: ModuleId, precision: SimWorkload['precision']): SimWorkload => ({
  gpuUtil: 1,
  cpuUtil: 1 / MODULE_CATALOG[moduleId].cpuCores,
  ...(precision === undefined ? {} : { precision }),
});

const within = (value: number, target: number, tolerance: number): void => {
  expect(value).toBeGreaterThan(target * (1 - tolerance));
  expect(value).toBeLessThan(target * (1 + tolerance));
};

describe('SimJetsonDevice power calibration (reference §2.5, §6)', () => {
  it('Orin Nano Super MAXN_SUPER YOLOv8n trtexec: 14.30 / 14.14 / 12.49 W for FP32 / FP16 / INT8', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nano-8gb-super', modeId: 2 });
    const at = (precision: SimWorkload['precision']): number => {
      device.setWorkload(trtexec('orin-nano-8gb-super', precision));
      return watts(device);
    };
    within(at('FP32'), 14.3, 0.1);
    within(at('FP16'), 14.14, 0.1);
    within(at('INT8'), 12.49, 0.1);
    expect(at('INT8')).toBeLessThan(at('FP16'));
  });

  it('AGX Xavier MODE_15W_DESKTOP: idle 8.23 W, YOLOv8n FP16 13.46 W, INT8 12.51 W', () => {
    const device = new SimJetsonDevice({ moduleId: 'agx-xavier-32gb', generation: 'r35', modeId: 7 });
    within(watts(device), 8.23, 0.05);
    device.setWorkload(trtexec('agx-xavier-32gb', 'FP16'));
    within(watts(device), 13.46, 0.1);
    device.setWorkload(trtexec('agx-xavier-32gb', 'INT8'));
    within(watts(device), 12.51, 0.1);
  });

  it('keeps idle boards inside the captured ranges', () => {
    const idle = (moduleId: ModuleId): number => watts(new SimJetsonDevice({ moduleId }));
    expect(idle('nano-4gb')).toBeGreaterThanOrEqual(1.6);
    expect(idle('nano-4gb')).toBeLessThanOrEqual(1.75);
    expect(idle('orin-nano-8gb')).toBeGreaterThanOrEqual(3);
    expect(idle('orin-nano-8gb')).toBeLessThanOrEqual(4.8);
    expect(idle('orin-nx-8gb')).toBeGreaterThanOrEqual(5.4);
    expect(idle('orin-nx-8gb')).toBeLessThanOrEqual(6);
    expect(idle('agx-thor')).toBeGreaterThanOrEqual(20);
    expect(idle('agx-thor')).toBeLessThanOrEqual(24);
  });

  it('AGX Orin idle rails ≈ GPU_SOC 2.3 + CPU_CV 0.4 + SYS_5V0 4.0 W', () => {
    const rails = new SimJetsonDevice({ moduleId: 'agx-orin-64gb' }).railsMw();
    within((rails['VDD_GPU_SOC'] ?? 0) / 1000, 2.3, 0.1);
    within((rails['VDD_CPU_CV'] ?? 0) / 1000, 0.4, 0.25);
    within((rails['VIN_SYS_5V0'] ?? 0) / 1000, 4, 0.1);
  });

  it('Orin NX 8GB running TensorRT stays in the captured 10.6–13.2 W', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nx-8gb', modeId: 0 });
    device.setWorkload(trtexec('orin-nx-8gb', 'FP16'));
    expect(watts(device)).toBeGreaterThanOrEqual(10.6);
    expect(watts(device)).toBeLessThanOrEqual(13.2);
  });

  it('Orin NX 16GB Super under CPU + HGEMM stress: 25W 16.9 W, 40W 27.6 W, MAXN_SUPER 29.4 W (±15 %)', () => {
    const stress: SimWorkload = { gpuUtil: 1, cpuUtil: 1, powerScale: 1.3 };
    const at = (modeId: number): number => {
      const device = new SimJetsonDevice({ moduleId: 'orin-nx-16gb-super', modeId });
      device.setWorkload(stress);
      return watts(device);
    };
    within(at(3), 16.9, 0.15);
    within(at(4), 27.6, 0.15);
    within(at(0), 29.4, 0.15);
  });

  it.each(MODULE_IDS)('%s: an input rail exceeds the sum of its sub-rails, idle and loaded', (moduleId) => {
    const device = new SimJetsonDevice({ moduleId });
    for (const workload of [null, { gpuUtil: 1, cpuUtil: 1, dlaUtil: 1 }]) {
      device.setWorkload(workload);
      const r = device.railsMw();
      const sum = (names: string[]): number => names.reduce((s, n) => s + (r[n] ?? 0), 0);
      if (r['VDD_IN'] !== undefined && r['VDD_SOC'] !== undefined) {
        expect(r['VDD_IN']).toBeGreaterThan(sum(['VDD_CPU_GPU_CV', 'VDD_SOC']));
      }
      if (r['VIN'] !== undefined) expect(r['VIN']).toBeGreaterThan(sum(['VDD_GPU', 'VDD_CPU_SOC_MSS', 'VIN_SYS_5V0']));
      if (r['POM_5V_IN'] !== undefined) expect(r['POM_5V_IN']).toBeGreaterThan(sum(['POM_5V_GPU', 'POM_5V_CPU']));
      if (r['VDD_SYS_GPU'] !== undefined) {
        expect(r['VDD_IN']).toBeGreaterThan(
          sum(['VDD_SYS_GPU', 'VDD_SYS_SOC', 'VDD_4V0_WIFI', 'VDD_SYS_CPU', 'VDD_SYS_DDR']),
        );
      }
    }
  });
});

describe('SimJetsonDevice dynamics', () => {
  it('tegrastats avg lags cur after a load step and keeps falling slowly after the load stops', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nx-16gb', seed: 1 });
    const vddIn = (): { cur: number; avg: number } => {
      const rail = parseTegrastatsLine(device.tegrastatsLine(), { module: 'orin-nx-16gb' }).rails['VDD_IN'];
      device.advance(1);
      return { cur: rail?.curMw ?? 0, avg: rail?.avgMw ?? 0 };
    };
    const first = vddIn();
    expect(first.avg).toBe(first.cur);
    for (let i = 0; i < 5; i += 1) vddIn();
    device.setWorkload({ gpuUtil: 0.9, cpuUtil: 0.3 });
    const loaded = vddIn();
    expect(loaded.avg).toBeLessThan(loaded.cur);
    for (let i = 0; i < 10; i += 1) vddIn();
    device.setWorkload(null);
    const after = [vddIn(), vddIn(), vddIn()];
    for (const sample of after) expect(sample.avg).toBeGreaterThan(sample.cur);
    expect(after[2]?.avg).toBeLessThan(after[0]?.avg ?? 0);
  });

  it('temperatures approach a load-dependent steady state with the module time constant', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nx-16gb-super', modeId: 4, ambientC: 25 });
    const start = device.dieTemperatureC;
    device.setWorkload({ gpuUtil: 1, cpuUtil: 1, powerScale: 1.3 });
    const steady = 25 + 2.2 * watts(device);
    device.advance(90);
    const afterTau = device.dieTemperatureC;
    expect((afterTau - start) / (steady - start)).toBeCloseTo(1 - Math.exp(-1), 1);
    device.advance(1800);
    // ARK: 40W at 27.6 W sustained → Tj 86 °C.
    within(device.dieTemperatureC, 86, 0.05);
  });

  it('throttles by itself when tj reaches the limit, and on injection', () => {
    const hot = new SimJetsonDevice({ moduleId: 'orin-nano-8gb-super', modeId: 2, ambientC: 80 });
    hot.setWorkload({ gpuUtil: 1, cpuUtil: 1 });
    const before = hot.effectiveClocks().gpuCapMHz;
    hot.advance(1200);
    expect(hot.effectiveClocks().gpuCapMHz).toBeLessThan(before);

    const cool = new SimJetsonDevice({ moduleId: 'orin-nano-8gb-super', modeId: 2 });
    const fast = cool.inferenceEstimate('FP16', 640).gpuMs;
    cool.injectThrottle(0.5);
    expect(cool.effectiveClocks().gpuCapMHz).toBe(510);
    expect(cool.inferenceEstimate('FP16', 640).gpuMs).toBeGreaterThan(fast * 1.7);
    cool.injectThrottle(null);
    expect(cool.inferenceEstimate('FP16', 640).gpuMs).toBe(fast);
  });

  it('lowers GPU clocks at partial load unless jetson_clocks pins them', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nx-16gb-super' });
    device.setWorkload({ gpuUtil: 0.4, cpuUtil: 0.2 });
    expect(device.effectiveClocks().gpuMHz).toBeLessThan(1173);
    device.setJetsonClocks(true);
    expect(device.effectiveClocks().gpuMHz).toBe(1173);
  });

  it('is deterministic per seed', () => {
    const run = (seed: number): string[] => {
      const device = new SimJetsonDevice({ moduleId: 'agx-orin-64gb', seed });
      device.setWorkload({ gpuUtil: 0.6, cpuUtil: 0.3 });
      return [0, 1, 2].map(() => {
        device.advance(1);
        return device.tegrastatsLine();
      });
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('refuses a generation the module never ran', () => {
    expect(() => new SimJetsonDevice({ moduleId: 'nano-4gb', generation: 'r36' })).toThrow(/does not run r36/);
  });
});

describe('SimJetsonDevice nvpmodel', () => {
  const mode = (device: SimJetsonDevice): number | null => parseNvpmodelQuery(device.nvpmodelQuery()).modeId;

  it('switches live when the online-core count stays (Orin NX Super 40W → 25W)', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nx-16gb-super' });
    expect(device.nvpmodelSet(3)).toMatchObject({ outcome: 'applied', output: '', exitCode: 0, rebooted: false });
    expect(mode(device)).toBe(3);
  });

  it('needs a reboot when cores go offline; without a TTY nothing changes', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nx-16gb-super' });
    const result = device.nvpmodelSet(1);
    expect(result.outcome).toBe('reboot_no_tty');
    expect(result.output).toContain('NVPM ERROR: bad input!');
    expect(mode(device)).toBe(4);
    expect(device.nvpmodelSet(1, { tty: true, answer: 'no' }).outcome).toBe('reboot_declined');
    expect(mode(device)).toBe(4);
    const accepted = device.nvpmodelSet(1, { tty: true, answer: 'YES' });
    expect(accepted).toMatchObject({ outcome: 'reboot_accepted', rebooted: true });
    expect(mode(device)).toBe(1);
    expect(device.modeClocks.onlineCores).toBe(4);
  });

  it('hot-plugs cores on r32 (Nano MAXN → 5W applies live)', () => {
    const device = new SimJetsonDevice({ moduleId: 'nano-4gb' });
    expect(device.nvpmodelSet(1).outcome).toBe('applied');
    expect(parseTegrastatsLine(device.tegrastatsLine()).cpu.filter((c) => c === null)).toHaveLength(2);
  });

  it('reports bad ids, missing root and injected sysfs failures without changing the mode', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nano-8gb-super' });
    expect(device.nvpmodelSet(9).outcome).toBe('bad_mode');
    expect(device.nvpmodelSet(0, { root: false }).outcome).toBe('permission');
    device.injectNvpmodelFailure('sysfs_write');
    expect(device.nvpmodelSet(0).outcome).toBe('sysfs_write');
    expect(mode(device)).toBe(1);
    expect(device.nvpmodelSet(0).outcome).toBe('applied');
  });
});
