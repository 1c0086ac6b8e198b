import { hardwareFactsSchema, telemetrySampleSchema, type TelemetrySample } from '@jetfleet/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { HardwareError } from '../hardware-error.js';
import type { SimFault } from './sim-fault.types.js';
import { SimulatedAdapter } from './simulated.adapter.js';
import { FLEET_MIX, profileForIndex, type SimulatedDeviceProfile } from './simulated-device.profile.js';

const adapters: SimulatedAdapter[] = [];
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((adapter) => adapter.close()));
});

function simulated(overrides: Partial<SimulatedDeviceProfile> = {}): SimulatedAdapter {
  const adapter = new SimulatedAdapter({
    module: 'orin-nx-16gb',
    l4t: '36.4.4',
    diskTotalMB: 59_000,
    diskFreeMB: 30_000,
    seed: 1,
    timeFactor: 0.0005,
    tegrastatsIntervalMs: 1000,
    ...overrides,
  });
  adapters.push(adapter);
  return adapter;
}

/** Samples until one satisfies `accept` (the stream delivers a line every interval × time factor). */
async function sampleUntil(
  adapter: SimulatedAdapter,
  accept: (sample: TelemetrySample) => boolean,
): Promise<TelemetrySample> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const sample = telemetrySampleSchema.parse(await adapter.sample());
    if (accept(sample) || Date.now() > deadline) return sample;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const recipe = { onnxPath: '/models/det.onnx', enginePath: '/engines/det.engine', precision: 'FP16' } as const;

describe('SimulatedAdapter facts', () => {
  it.each([
    [0, { module: 'orin-nano-8gb-super', l4t: '36.4.3', jetpack: '6.2', tensorrt: '10.3.0', cuda: '12.6' }],
    [3, { module: 'xavier-nx-8gb', l4t: '35.3.1', jetpack: '5.1.1', tensorrt: '8.5.2', smArch: '7.2', dlaCores: 2 }],
    [6, { module: 'nano-4gb', l4t: '32.7.4', jetpack: '4.6.4', tensorrt: '8.2.1', cuda: '10.2', powerMode: 'MAXN' }],
    [7, { module: 'agx-orin-32gb', soc: 't234', cpuCores: 8, dlaCores: 2, ramTotalMB: 30698 }],
  ] as const)('fleet profile %i identifies as %o', async (index, expected) => {
    const facts = await simulated(profileForIndex(index)).facts();
    expect(hardwareFactsSchema.parse(facts)).toMatchObject({ ...expected, simulated: true });
  });

  it('every fleet profile gives schema-valid facts and telemetry', async () => {
    for (const [index, mix] of FLEET_MIX.entries()) {
      const adapter = simulated({ ...profileForIndex(index), timeFactor: 0.001 });
      expect(hardwareFactsSchema.parse(await adapter.facts()).module).toBe(mix.module);
      const sample = telemetrySampleSchema.parse(await adapter.sample());
      expect(sample.powerMw).toBeGreaterThan(1000);
    }
  });

  it('reports TensorRT for r38 (absent from the L4T table) from the simulated image', async () => {
    const facts = await simulated({ module: 'agx-thor', l4t: '38.2.0' }).facts();
    expect(facts).toMatchObject({ module: 'agx-thor', jetpack: '7.0', tensorrt: '10.13.3' });
  });

  it('refuses a profile the simulator cannot run or whose TensorRT it does not ship', () => {
    expect(() => simulated({ module: 'nano-4gb', l4t: '36.4.4' })).toThrow(/does not run L4T 36\.4\.4/);
    expect(() => simulated({ l4t: '36.3' })).toThrow(/ships TensorRT 8\.6\.2 but the simulator's r36 runs 10\.3\.0/);
  });
});

describe('SimulatedAdapter telemetry', () => {
  it('reports null board power for a TX2 NX, which prints no rails', async () => {
    const sample = await simulated({ module: 'tx2-nx', l4t: '32.7.4' }).sample();
    expect(sample.powerMw).toBeNull();
    expect(sample.rails).toEqual({});
    expect(sample.temps).toHaveProperty('tdiode');
  });

  it('changes power mode by name, refuses unknown names, and reports reboot-required modes', async () => {
    const adapter = simulated({ module: 'orin-nx-16gb-super', l4t: '36.4.3' });
    await expect(adapter.setPowerMode('25W')).resolves.toEqual({ status: 'applied', mode: { id: 3, name: '25W' } });
    expect((await adapter.sample()).powerMode).toBe('25W');
    await expect(adapter.setPowerMode('10W')).resolves.toMatchObject({ status: 'reboot_required', current: { id: 3 } });
    const error = await adapter.setPowerMode('TURBO').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HardwareError);
    expect((error as HardwareError).message).toMatch(/no power mode "TURBO" \(MAXN_SUPER, 10W, 15W, 25W, 40W\)/);
  });

  it('reports latency, FPS and AP50 of the active engine, and the load it puts on the board', async () => {
    const adapter = simulated();
    const idle = await adapter.sample();
    const built = await adapter.buildEngine({ ...recipe, memPoolMiB: 1024 });
    expect(built.ok).toBe(true);
    adapter.activateEngine(recipe.enginePath);
    expect(await adapter.evaluateAp50(recipe.enginePath)).toBeCloseTo(0.697, 2);
    const loaded = await sampleUntil(adapter, (sample) => (sample.gpuLoadPct ?? 0) > 50);
    expect(loaded.latencyP95Ms).toBeCloseTo(built.run?.latencyP95Ms ?? 0, 0);
    expect(loaded.fps).toBeGreaterThan(100);
    expect(loaded.ap50).toBeCloseTo(0.697, 2);
    expect(loaded.diskFreeMB).toBeLessThan(idle.diskFreeMB ?? 0);
    expect(loaded.powerMw ?? 0).toBeGreaterThan((idle.powerMw ?? 0) + 2000);
  });
});

describe('SimulatedAdapter fault injection', () => {
  it.each([
    [{ kind: 'build_oom' }, 'oom', /out of memory/],
    [{ kind: 'build_killed' }, 'killed', /killed/],
    [{ kind: 'unsupported_op', op: 'DeformConv' }, 'unsupported_op', /unsupported ONNX op: DeformConv/],
    [{ kind: 'build_crash', atFraction: 0.3 }, 'crashed', /SIGSEGV/],
  ] as const)('%o fails the next build as %s, once', async (fault, kind, summary) => {
    const adapter = simulated();
    const freeBefore = adapter.board.diskFreeMB;
    adapter.injectFault(fault);
    const failed = await adapter.buildEngine(recipe);
    expect(failed.ok).toBe(false);
    expect(failed.failure?.kind).toBe(kind);
    expect(failed.failure?.summary).toMatch(summary);
    expect(adapter.board.engines.has(recipe.enginePath)).toBe(false);
    expect(adapter.board.diskFreeMB).toBe(freeBefore);
    await expect(adapter.buildEngine(recipe)).resolves.toMatchObject({ ok: true, failure: null });
  });

  it('crashes part-way through the silent build, not at once', async () => {
    const adapter = simulated();
    adapter.injectFault({ kind: 'build_crash', atFraction: 0.5 });
    const crashed = await adapter.buildEngine(recipe);
    expect(crashed.run?.signal).toBe('SIGSEGV');
    expect(crashed.run?.result.completed).toBe(false);
    expect(crashed.run?.log).toContain('Finish parsing network model');
    expect(crashed.run?.log).not.toContain('Engine built in');
  });

  it('refuses a build on a full disk before trtexec runs, until the fault is cleared', async () => {
    const adapter = simulated();
    adapter.injectFault({ kind: 'disk_full' });
    expect((await adapter.sample()).diskFreeMB).toBeLessThan(10);
    await expect(adapter.buildEngine(recipe)).resolves.toMatchObject({
      ok: false,
      failure: { kind: 'disk_full' },
      run: null,
    });
    adapter.clearFault('disk_full');
    await expect(adapter.buildEngine(recipe)).resolves.toMatchObject({ ok: true });
  });

  it('reports a disk that fills during the build as disk_full, with the trtexec log', async () => {
    const adapter = simulated();
    const result = await adapter.buildEngine(recipe, {
      onProgress: (progress) => {
        if (progress.phase === 'building') adapter.injectFault({ kind: 'disk_full' });
      },
    });
    expect(result.failure?.kind).toBe('disk_full');
    expect(result.run?.log).toMatch(/\[E\] Saving engine to file failed\./);
    expect(result.run?.result.passed).toBe(false);
  });

  it('throttles the GPU: lower clock under the same load, slower inference', async () => {
    const adapter = simulated({ module: 'agx-orin-64gb', l4t: '36.4.4' });
    await adapter.buildEngine(recipe);
    adapter.activateEngine(recipe.enginePath);
    const cool = await sampleUntil(adapter, (sample) => (sample.gpuLoadPct ?? 0) > 50);
    adapter.injectFault({ kind: 'thermal_throttle', factor: 0.5 });
    const hot = await sampleUntil(adapter, (sample) => (sample.gpuFreqMHz ?? 0) < (cool.gpuFreqMHz ?? 0) * 0.6);
    expect(hot.gpuFreqMHz ?? 0).toBeLessThan((cool.gpuFreqMHz ?? 0) * 0.6);
    expect(hot.latencyP95Ms ?? 0).toBeGreaterThan((cool.latencyP95Ms ?? 0) * 1.3);
    adapter.clearFault('thermal_throttle');
    expect(adapter.device.effectiveClocks().gpuCapMHz).toBe(adapter.device.modeClocks.gpuMaxMHz);
  });

  it('tells onFault listeners, e.g. the fleet simulator dropping the link on disconnect', () => {
    const adapter = simulated();
    const heard: SimFault[] = [];
    const unsubscribe = adapter.onFault((fault) => heard.push(fault));
    adapter.injectFault({ kind: 'disconnect' });
    unsubscribe();
    adapter.injectFault({ kind: 'disconnect' });
    expect(heard).toEqual([{ kind: 'disconnect' }]);
  });

  it('fails the next nvpmodel -m with a sysfs write error', async () => {
    const adapter = simulated({
      module: 'orin-nx-16gb-super',
      l4t: '36.4.3',
      faults: [{ kind: 'nvpmodel_sysfs_write' }],
    });
    await expect(adapter.setPowerMode('25W')).resolves.toMatchObject({ status: 'failed', kind: 'sysfs_write' });
    await expect(adapter.setPowerMode('25W')).resolves.toMatchObject({ status: 'applied' });
  });

  it('close() stops a running build', async () => {
    const adapter = simulated({ timeFactor: 0.01 });
    const build = adapter.buildEngine(recipe, {
      onProgress: (progress) => {
        if (progress.phase === 'building') void adapter.close();
      },
    });
    await expect(build).rejects.toMatchObject({ code: 'aborted' });
  });
});
