import { describe, expect, it } from 'vitest';
import { cleanDeviceTreeString, splitDeviceTreeList } from './device-tree.util.js';
import { identifyModule } from './identify-module.util.js';

const nul = (text: string): string => `${text}\0`;

describe('identifyModule — model strings (reference §1.2)', () => {
  it.each([
    ['NVIDIA Jetson Nano Developer Kit', {}, 'nano-4gb', 'guess'],
    ['NVIDIA Jetson Nano Developer Kit', { ramTotalMB: 3964 }, 'nano-4gb', 'inferred'],
    ['NVIDIA Jetson Nano Developer Kit', { ramTotalMB: 1979 }, 'nano-2gb', 'inferred'],
    ['NVIDIA Jetson Nano 2GB Developer Kit', {}, 'nano-2gb', 'exact'],
    ['jetson-nano', { ramTotalMB: 3955 }, 'nano-4gb', 'inferred'],
    ['quill', { ramTotalMB: 7852 }, 'tx2', 'inferred'],
    ['quill', { ramTotalMB: 3830 }, 'tx2-4gb', 'inferred'],
    ['NVIDIA Jetson TX2', {}, 'tx2', 'guess'],
    ['NVIDIA Jetson TX2 Developer Kit', { ramTotalMB: 7860 }, 'tx2', 'inferred'],
    ['NVIDIA Jetson TX2 NX Developer Kit', {}, 'tx2-nx', 'exact'],
    ['NVIDIA Jetson AGX Xavier', { ramTotalMB: 15692 }, 'agx-xavier-16gb', 'inferred'],
    ['NVIDIA Jetson AGX Xavier Developer Kit', { ramTotalMB: 31919 }, 'agx-xavier-32gb', 'inferred'],
    ['NVIDIA Jetson AGX Xavier Developer Kit', {}, 'agx-xavier-32gb', 'guess'],
    ['NVIDIA Jetson Xavier NX Developer Kit', { ramTotalMB: 7771 }, 'xavier-nx-8gb', 'inferred'],
    ['NVIDIA Jetson Xavier NX Developer Kit (SD-card)', { ramTotalMB: 6851 }, 'xavier-nx-8gb', 'inferred'],
    ['NVIDIA Jetson Xavier NX Developer Kit (eMMC)', { ramTotalMB: 14885 }, 'xavier-nx-16gb', 'inferred'],
    ['NVIDIA Orin Jetson-Small Developer Kit', { ramTotalMB: 30697 }, 'agx-orin-32gb', 'inferred'],
    ['Jetson AGX Orin', { ramTotalMB: 62795 }, 'agx-orin-64gb', 'inferred'],
    ['Jetson AGX Orin', {}, 'agx-orin-64gb', 'guess'],
    ['NVIDIA Jetson AGX Orin Developer Kit', { ramTotalMB: 62841 }, 'agx-orin-64gb', 'inferred'],
    ['NVIDIA Jetson AGX Orin Developer Kit', { cpuCores: 12 }, 'agx-orin-64gb', 'inferred'],
    ['NVIDIA Jetson AGX Orin Developer Kit', { ramTotalMB: 30698, cpuCores: 8 }, 'agx-orin-32gb', 'inferred'],
    ['NVIDIA Jetson Orin Nano Developer Kit', { ramTotalMB: 7620 }, 'orin-nano-8gb', 'inferred'],
    ['NVIDIA Jetson Orin Nano Developer Kit', { ramTotalMB: 7337, cpuCores: 6 }, 'orin-nano-8gb', 'inferred'],
    [
      'NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super',
      { ramTotalMB: 7620 },
      'orin-nano-8gb-super',
      'inferred',
    ],
    ['NVIDIA Jetson Orin NX Engineering Reference Developer Kit', { ramTotalMB: 15657 }, 'orin-nx-16gb', 'inferred'],
    ['NVIDIA Jetson Orin NX Engineering Reference Developer Kit', { ramTotalMB: 7620 }, 'orin-nx-8gb', 'inferred'],
    ['NVIDIA Jetson Orin NX Engineering Reference Developer Kit', { cpuCores: 8 }, 'orin-nx-16gb', 'inferred'],
    [
      'NVIDIA Jetson Orin NX Engineering Reference Developer Kit Super',
      { ramTotalMB: 15657 },
      'orin-nx-16gb-super',
      'inferred',
    ],
    [
      'NVIDIA Jetson Orin NX Engineering Reference Developer Kit Super',
      { ramTotalMB: 7620 },
      'orin-nx-8gb-super',
      'inferred',
    ],
    ['NVIDIA Jetson AGX Thor Developer Kit', {}, 'agx-thor', 'exact'],
  ] as const)('%s %j → %s (%s)', (model, hints, moduleId, confidence) => {
    const result = identifyModule({ model: nul(model), ...hints });
    expect(result.moduleId).toBe(moduleId);
    expect(result.confidence).toBe(confidence);
    expect(result.model).toBe(model);
  });

  it('warns when it had to guess the variant', () => {
    const result = identifyModule({ model: 'Jetson AGX Orin' });
    expect(result.warnings).toEqual([
      'agx-orin: variant not determined (agx-orin-64gb / agx-orin-32gb); assuming agx-orin-64gb',
    ]);
  });

  it('has no warnings for an exact or inferred match', () => {
    expect(identifyModule({ model: 'NVIDIA Jetson AGX Thor Developer Kit' }).warnings).toEqual([]);
    expect(identifyModule({ model: 'NVIDIA Jetson Orin Nano Developer Kit', ramTotalMB: 7620 }).warnings).toEqual([]);
  });
});

describe('identifyModule — compatible / dts fallbacks', () => {
  it.each([
    [
      'compatible P-number on a vendor carrier',
      { compatible: 'nvidia,p3768-0000+p3767-0000\0nvidia,p3767-0000\0nvidia,tegra234\0' },
      'orin-nx-16gb',
    ],
    ['Orin NX 8GB', { compatible: 'nvidia,p3767-0001\0nvidia,tegra234\0' }, 'orin-nx-8gb'],
    ['Orin Nano 4GB', { compatible: 'nvidia,p3767-0004\0nvidia,tegra234\0' }, 'orin-nano-4gb'],
    ['Orin Nano devkit module', { compatible: 'nvidia,p3768-0000+p3767-0005\0nvidia,tegra234\0' }, 'orin-nano-8gb'],
    ['ARK Orin NX Super', { compatible: 'nvidia,p3767-0000-super\0nvidia,tegra234\0' }, 'orin-nx-16gb-super'],
    ['dts filename with -super', { dtsFilename: 'tegra234-p3768-0000+p3767-0005-nv-super.dts' }, 'orin-nano-8gb-super'],
    ['AGX Orin 32GB', { compatible: 'nvidia,p3737-0000+p3701-0004\0nvidia,tegra234\0' }, 'agx-orin-32gb'],
    ['AGX Orin 64GB', { compatible: 'nvidia,p3737-0000+p3701-0005\0nvidia,tegra234\0' }, 'agx-orin-64gb'],
    ['AGX Xavier 16GB', { compatible: 'nvidia,p2972-0000\0nvidia,p2888-0001\0nvidia,tegra194\0' }, 'agx-xavier-16gb'],
    ['AGX Xavier Industrial', { compatible: 'nvidia,p2888-0008\0nvidia,tegra194\0' }, 'agx-xavier-32gb'],
    ['Xavier NX 16GB', { dtsFilename: 'tegra194-p3668-0003-p3509-0000.dts' }, 'xavier-nx-16gb'],
    ['Nano 2GB', { compatible: 'nvidia,p3542-0000+p3448-0003\0nvidia,tegra210\0' }, 'nano-2gb'],
    ['TX2 NX', { compatible: 'nvidia,p3509-0000+p3636-0001\0nvidia,tegra186\0' }, 'tx2-nx'],
    ['TX2 4GB', { compatible: 'nvidia,p3489-0888\0nvidia,tegra186\0' }, 'tx2-4gb'],
  ])('%s', (_label, hints, moduleId) => {
    const result = identifyModule({ model: 'Acme Vision Box 3000', ...hints });
    expect(result.moduleId).toBe(moduleId);
    expect(result.confidence).toBe('exact');
  });

  it('uses RAM for a devkit P-number that names only the family', () => {
    const result = identifyModule({ model: 'Acme', compatible: 'nvidia,p3737-0000+p3701-0000\0', ramTotalMB: 30698 });
    expect(result.moduleId).toBe('agx-orin-32gb');
    expect(result.confidence).toBe('inferred');
  });

  it('tells Orin NX from Orin Nano on a bare p3767 by DLA', () => {
    expect(
      identifyModule({ model: 'Acme', compatible: 'nvidia,p3767\0', hasDla: true, ramTotalMB: 7620 }).moduleId,
    ).toBe('orin-nx-8gb');
    expect(
      identifyModule({ model: 'Acme', compatible: 'nvidia,p3767\0', hasDla: false, ramTotalMB: 7620 }).moduleId,
    ).toBe('orin-nano-8gb');
    expect(identifyModule({ model: 'Acme', compatible: 'nvidia,p3767\0', ramTotalMB: 15657 }).moduleId).toBe(
      'orin-nx-16gb',
    );
  });

  it('refuses to guess between Orin Nano and NX 8GB without DLA information', () => {
    const result = identifyModule({ model: 'Acme', compatible: 'nvidia,p3767\0', ramTotalMB: 7620 });
    expect(result.moduleId).toBeNull();
    expect(result.family).toBe('p3767');
    expect(result.warnings).toEqual(['cannot tell orin-nano-8gb / orin-nx-8gb apart']);
  });

  it('trusts the P-number over a contradicting model string, and says so', () => {
    const result = identifyModule({
      model: 'NVIDIA Jetson Orin Nano Developer Kit',
      compatible: 'nvidia,p3767-0000\0',
    });
    expect(result.moduleId).toBe('orin-nx-16gb');
    expect(result.confidence).toBe('exact');
    expect(result.warnings).toEqual([
      'model string says orin-nano but the P-number says orin-nx; trusting the P-number',
    ]);
    const xavier = identifyModule({ model: 'NVIDIA Jetson AGX Xavier', compatible: 'nvidia,p3701-0005\0' });
    expect(xavier.moduleId).toBe('agx-orin-64gb');
    expect(xavier.warnings).toEqual([
      'model string says agx-xavier but the P-number says agx-orin; trusting the P-number',
    ]);
  });

  it('warns when RAM contradicts the P-number', () => {
    const result = identifyModule({ model: 'Acme', compatible: 'nvidia,p3701-0005\0', ramTotalMB: 30698 });
    expect(result.moduleId).toBe('agx-orin-64gb');
    expect(result.warnings).toEqual(['RAM 30698 MB does not match agx-orin-64gb']);
  });

  it('keeps a non-Super id and warns when Super is reported for a module without a Super entry', () => {
    const result = identifyModule({ model: 'Acme Super', compatible: 'nvidia,p3767-0004\0' });
    expect(result.moduleId).toBe('orin-nano-4gb');
    expect(result.isSuper).toBe(true);
    expect(result.warnings).toEqual(['Super firmware reported but orin-nano-4gb has no Super catalog entry']);
  });

  it('falls back to hardware for an unknown string only where it is unambiguous', () => {
    expect(identifyModule({ model: 'Acme', cpuCores: 14 }).moduleId).toBe('agx-thor');
    expect(identifyModule({ model: 'Acme', ramTotalMB: 62841 }).moduleId).toBe('agx-orin-64gb');
    const unknown = identifyModule({ model: 'Acme', ramTotalMB: 7620, cpuCores: 6 });
    expect(unknown.moduleId).toBeNull();
    expect(unknown.warnings).toEqual(['unrecognised model "Acme"']);
  });

  it.each([
    ['empty model', { model: '' }],
    ['NULs only', { model: '\0\0' }],
    ['garbage', { model: '\u0001\u0002???', compatible: 'p\0p-\0', dtsFilename: '' }],
    ['not a string', { model: undefined as unknown as string }],
  ])('never throws: %s', (_label, input) => {
    const result = identifyModule(input);
    expect(result.moduleId).toBeNull();
    expect(result.warnings.length).toBeGreaterThan(0);
  });
});

describe('device-tree strings', () => {
  it('strips the NUL terminator and whitespace', () => {
    expect(cleanDeviceTreeString('NVIDIA Jetson AGX Orin Developer Kit\0')).toBe(
      'NVIDIA Jetson AGX Orin Developer Kit',
    );
    expect(cleanDeviceTreeString('  quill \n\0\0')).toBe('quill');
  });

  it('splits a NUL-separated list', () => {
    expect(splitDeviceTreeList('nvidia,p3768-0000+p3767-0000\0nvidia,tegra234\0')).toEqual([
      'nvidia,p3768-0000+p3767-0000',
      'nvidia,tegra234',
    ]);
    expect(splitDeviceTreeList('')).toEqual([]);
  });
});
