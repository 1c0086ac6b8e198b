import { describe, expect, it } from 'vitest';
import { MODULE_CATALOG } from './module-catalog.constant.js';
import { MODULE_IDS, isModuleId, type ModuleId } from './module-id.constant.js';
import { findModule, getModule, thermalZonesFor } from './module-lookup.util.js';
import { defaultPowerMode, powerSwitchNeedsReboot, resolvePowerMode } from './power-mode-lookup.util.js';

describe('module catalog', () => {
  it('has exactly the fixed ids', () => {
    expect([...MODULE_IDS]).toEqual([
      'nano-4gb',
      'nano-2gb',
      'tx2',
      'tx2-4gb',
      'tx2-nx',
      'agx-xavier-16gb',
      'agx-xavier-32gb',
      'xavier-nx-8gb',
      'xavier-nx-16gb',
      'orin-nano-4gb',
      'orin-nano-8gb',
      'orin-nano-8gb-super',
      'orin-nx-8gb',
      'orin-nx-8gb-super',
      'orin-nx-16gb',
      'orin-nx-16gb-super',
      'agx-orin-32gb',
      'agx-orin-64gb',
      'agx-thor',
    ]);
    expect(Object.keys(MODULE_CATALOG).sort()).toEqual([...MODULE_IDS].sort());
  });

  describe.each(MODULE_IDS)('%s', (id) => {
    const spec = getModule(id);

    it('is keyed by its own id', () => {
      expect(spec.id).toBe(id);
    });

    it('has modes with unique ids and names and exactly one default', () => {
      expect(spec.powerModes.length).toBeGreaterThan(0);
      expect(new Set(spec.powerModes.map((mode) => mode.id)).size).toBe(spec.powerModes.length);
      expect(new Set(spec.powerModes.map((mode) => mode.name)).size).toBe(spec.powerModes.length);
      expect(spec.powerModes.filter((mode) => mode.isDefault)).toHaveLength(1);
      expect(defaultPowerMode(id).rebootRequired).toBe(false);
    });

    it('keeps every budget within the module maximum', () => {
      for (const mode of spec.powerModes) {
        expect(mode.budgetW).toBeGreaterThan(0);
        expect(mode.budgetW).toBeLessThanOrEqual(spec.maxPowerW);
      }
    });

    it('never lists more online cores than the module has', () => {
      for (const mode of spec.powerModes) {
        if (mode.onlineCores !== null) expect(mode.onlineCores).toBeLessThanOrEqual(spec.cpuCores);
      }
    });

    it('has a power rule consistent with its rails', () => {
      const rule = spec.powerRule;
      if (rule.kind === 'rail') expect(spec.rails).toContain(rule.rail);
      if (rule.kind === 'sum') for (const rail of rule.rails) expect(spec.rails).toContain(rail);
      if (rule.kind === 'unavailable') expect(spec.rails).toEqual([]);
    });

    it('resolves each of its mode names, case-insensitively too', () => {
      for (const mode of spec.powerModes) {
        expect(resolvePowerMode(id, mode.name)).toBe(mode);
        expect(resolvePowerMode(id, ` ${mode.name.toLowerCase()} `)).toBe(mode);
      }
    });
  });

  it.each([
    ['nano-4gb', 't210', 'Maxwell', '5.3', 1, 4, 0, false, true],
    ['nano-2gb', 't210', 'Maxwell', '5.3', 1, 4, 0, false, true],
    ['tx2', 't186', 'Pascal', '6.2', 2, 6, 0, false, true],
    ['tx2-4gb', 't186', 'Pascal', '6.2', 2, 6, 0, false, true],
    ['tx2-nx', 't186', 'Pascal', '6.2', 2, 6, 0, false, true],
    ['agx-xavier-16gb', 't194', 'Volta', '7.2', 8, 8, 2, true, true],
    ['agx-xavier-32gb', 't194', 'Volta', '7.2', 8, 8, 2, true, true],
    ['xavier-nx-8gb', 't194', 'Volta', '7.2', 6, 6, 2, true, true],
    ['xavier-nx-16gb', 't194', 'Volta', '7.2', 6, 6, 2, true, true],
    ['orin-nano-4gb', 't234', 'Ampere', '8.7', 4, 6, 0, true, false],
    ['orin-nano-8gb', 't234', 'Ampere', '8.7', 8, 6, 0, true, false],
    ['orin-nano-8gb-super', 't234', 'Ampere', '8.7', 8, 6, 0, true, false],
    ['orin-nx-8gb', 't234', 'Ampere', '8.7', 8, 6, 1, true, true],
    ['orin-nx-8gb-super', 't234', 'Ampere', '8.7', 8, 6, 1, true, true],
    ['orin-nx-16gb', 't234', 'Ampere', '8.7', 8, 8, 2, true, true],
    ['orin-nx-16gb-super', 't234', 'Ampere', '8.7', 8, 8, 2, true, true],
    ['agx-orin-32gb', 't234', 'Ampere', '8.7', 14, 8, 2, true, true],
    ['agx-orin-64gb', 't234', 'Ampere', '8.7', 16, 12, 2, true, true],
    ['agx-thor', 't264', 'Blackwell', null, 20, 14, 0, true, true],
  ] as const)('%s: %s %s CC %s, %i SMs, %i cores, %i DLA', (id, soc, arch, cc, sms, cpus, dla, int8, nvenc) => {
    expect(getModule(id)).toMatchObject({
      soc,
      gpuArch: arch,
      smArch: cc,
      smCount: sms,
      cpuCores: cpus,
      dlaCores: dla,
      int8TensorCores: int8,
      nvenc,
    });
  });

  it('lists 12 tegrastats CPU entries for the 8-core AGX Orin 32GB', () => {
    expect(getModule('agx-orin-32gb').tegrastatsCpuEntries).toBe(12);
    expect(getModule('orin-nx-16gb').tegrastatsCpuEntries).toBe(8);
  });

  it.each([
    ['nano-4gb', { kind: 'rail', rail: 'POM_5V_IN' }],
    ['tx2', { kind: 'rail', rail: 'VDD_IN' }],
    ['tx2-4gb', { kind: 'rail', rail: 'VDD_IN' }],
    ['tx2-nx', { kind: 'unavailable' }],
    ['agx-xavier-32gb', { kind: 'sum', rails: ['GPU', 'CPU', 'SOC', 'CV', 'VDDRQ', 'SYS5V'] }],
    ['xavier-nx-16gb', { kind: 'rail', rail: 'VDD_IN' }],
    ['orin-nano-8gb', { kind: 'rail', rail: 'VDD_IN' }],
    ['orin-nx-16gb-super', { kind: 'rail', rail: 'VDD_IN' }],
    ['agx-orin-64gb', { kind: 'sum', rails: ['VDD_GPU_SOC', 'VDD_CPU_CV', 'VIN_SYS_5V0'] }],
    ['agx-thor', { kind: 'rail', rail: 'VIN' }],
  ] as const)('%s power rule', (id, rule) => {
    expect(getModule(id).powerRule).toEqual(rule);
  });

  it('keeps thermal zones per generation where they differ', () => {
    expect(thermalZonesFor('xavier-nx-8gb', 32)).toEqual(['AO', 'GPU', 'PMIC', 'AUX', 'CPU', 'thermal']);
    expect(thermalZonesFor('xavier-nx-8gb', 35)).toEqual(['AUX', 'CPU', 'thermal', 'AO', 'GPU', 'PMIC']);
    expect(thermalZonesFor('agx-orin-64gb', 35)).toContain('CV0');
    expect(thermalZonesFor('agx-orin-64gb', 36)).toEqual(['cpu', 'soc2', 'soc0', 'tj', 'soc1']);
    expect(thermalZonesFor('agx-orin-64gb')).toEqual(['cpu', 'soc2', 'soc0', 'tj', 'soc1']);
    expect(thermalZonesFor('orin-nano-8gb')).not.toContain('cv0');
    expect(thermalZonesFor('orin-nx-8gb')).toContain('cv0');
  });

  it('finds modules by plain string and rejects unknown ids', () => {
    expect(findModule('agx-thor')?.name).toBe('Jetson AGX Thor Developer Kit');
    expect(findModule('jetson-x')).toBeUndefined();
    expect(isModuleId('orin-nano-8gb-super')).toBe(true);
    expect(isModuleId('ORIN-NANO-8GB')).toBe(false);
    expect(isModuleId(3)).toBe(false);
  });
});

describe('power modes', () => {
  const mode = (id: ModuleId, name: string) => resolvePowerMode(id, name);

  it.each([
    ['nano-4gb', 'MAXN', 0, 10],
    ['nano-4gb', '5W', 1, 5],
    ['tx2', 'MAXN', 0, 15],
    ['tx2', 'MAXQ', 1, 7.5],
    ['tx2', 'MAXP_CORE_ARM', 3, 15],
    ['agx-xavier-32gb', 'MAXN', 0, 30],
    ['agx-xavier-32gb', 'MODE_10W', 1, 10],
    ['agx-xavier-32gb', 'MODE_30W_ALL', 3, 30],
    ['agx-xavier-16gb', 'MODE_15W_DESKTOP', 7, 15],
    ['xavier-nx-8gb', 'MODE_10W_DESKTOP', 5, 10],
    ['xavier-nx-16gb', 'MODE_20W_6CORE', 8, 20],
    ['orin-nano-4gb', '7W_AI', 1, 7],
    ['orin-nano-8gb', '7W', 1, 7],
    ['orin-nano-8gb-super', 'MAXN_SUPER', 2, 25],
    ['orin-nx-8gb', '20W', 3, 20],
    ['orin-nx-8gb-super', 'MAXN_SUPER', 0, 40],
    ['orin-nx-16gb', 'MAXN', 0, 25],
    ['orin-nx-16gb-super', 'MAXN_SUPER', 0, 40],
    ['orin-nx-16gb-super', '40W', 4, 40],
    ['agx-orin-32gb', 'MAXN', 0, 40],
    ['agx-orin-64gb', 'MAXN', 0, 60],
    ['agx-orin-64gb', 'MODE_50W', 3, 50],
    ['agx-thor', '90W', 2, 90],
  ] as const)('%s %s → id %i, %d W', (id, name, modeId, budgetW) => {
    expect(mode(id, name)).toMatchObject({ id: modeId, budgetW });
  });

  it.each([
    ['nano-4gb', 'MAXN', 0],
    ['tx2', 'MAXP_CORE_ARM', 3],
    ['agx-xavier-32gb', 'MODE_15W', 2],
    ['xavier-nx-8gb', 'MODE_15W_6CORE', 2],
    ['orin-nano-8gb', '15W', 0],
    ['orin-nano-4gb', '10W', 0],
    ['orin-nano-8gb-super', '25W', 1],
    ['orin-nx-16gb', '15W', 2],
    ['orin-nx-8gb', '15W', 2],
    ['orin-nx-16gb-super', '40W', 4],
    ['agx-orin-64gb', 'MODE_30W', 2],
    ['agx-thor', '120W', 1],
  ] as const)('%s defaults to %s (%i)', (id, name, modeId) => {
    expect(defaultPowerMode(id)).toMatchObject({ name, id: modeId, isDefault: true });
  });

  it('resolves names per module: ids are not portable', () => {
    expect(mode('orin-nano-8gb-super', '15W')?.id).toBe(0);
    expect(mode('orin-nx-16gb-super', '15W')?.id).toBe(2);
    expect(mode('orin-nano-8gb', '40W')).toBeUndefined();
    expect(mode('orin-nano-8gb', 'MAXN')).toBeUndefined();
    expect(mode('nano-4gb', '')).toBeUndefined();
  });

  it('carries the clocks the reference gives', () => {
    expect(mode('agx-orin-64gb', 'MODE_15W')).toMatchObject({ onlineCores: 4, cpuMaxMHz: 1113.6, gpuMaxMHz: 420.75 });
    expect(mode('orin-nano-8gb-super', 'MAXN_SUPER')).toMatchObject({ cpuMaxMHz: 1728, gpuMaxMHz: 1020 });
    expect(mode('agx-xavier-32gb', 'MODE_30W_2CORE')).toMatchObject({
      onlineCores: 2,
      cpuMaxMHz: 2100,
      gpuMaxMHz: 900,
    });
    expect(mode('nano-4gb', 'MAXN')).toMatchObject({ onlineCores: 4, cpuMaxMHz: 1479, gpuMaxMHz: 921.6 });
    expect(mode('nano-4gb', '5W')).toMatchObject({ onlineCores: 2, cpuMaxMHz: 918, gpuMaxMHz: null });
  });

  describe('reboot rule (relative to the default mode)', () => {
    it.each([
      ['orin-nano-8gb', '7W', true],
      ['orin-nx-16gb-super', '10W', true],
      ['orin-nx-16gb-super', '15W', true],
      ['orin-nx-16gb-super', '25W', false],
      ['orin-nx-16gb-super', 'MAXN_SUPER', false],
      ['orin-nano-8gb-super', 'MAXN_SUPER', false],
      ['orin-nano-8gb-super', '15W', false],
      ['agx-orin-64gb', 'MODE_15W', true],
      ['agx-orin-64gb', 'MAXN', true],
      ['agx-thor', '90W', true],
      // Core counts unknown on Orin: counted as needing a reboot.
      ['orin-nano-4gb', '7W_AI', true],
      // r32-era SoCs hot-plug cores.
      ['nano-4gb', '5W', false],
      ['tx2', 'MAXN', false],
      ['agx-xavier-32gb', 'MODE_10W', false],
      ['xavier-nx-8gb', 'MODE_20W_2CORE', false],
    ] as const)('%s → %s: reboot %s', (id, name, reboot) => {
      expect(mode(id, name)?.rebootRequired).toBe(reboot);
    });

    it('applies between any two modes', () => {
      expect(powerSwitchNeedsReboot('orin-nx-16gb-super', 'MAXN_SUPER', '25W')).toBe(false);
      expect(powerSwitchNeedsReboot('orin-nx-16gb-super', '10W', '15W')).toBe(false);
      expect(powerSwitchNeedsReboot('orin-nx-16gb-super', '10W', '40W')).toBe(true);
      expect(powerSwitchNeedsReboot('orin-nano-8gb', '15W', '15W')).toBe(false);
      expect(powerSwitchNeedsReboot('orin-nano-8gb', '15W', 'MAXN')).toBeUndefined();
    });
  });
});
