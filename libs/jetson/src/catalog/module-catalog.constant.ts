import type { ModuleId } from './module-id.constant.js';
import type { ModuleSpec } from './module-spec.types.js';
import { NVPMODEL_TABLES } from './nvpmodel-tables.constant.js';
import type { PowerModeSpec } from './power-mode.types.js';
import type { PowerRule } from './power-rule.types.js';
import { buildPowerModes } from './power-mode.util.js';
import { RAIL_SETS } from './rail-sets.constant.js';
import { THERMAL_ZONES } from './thermal-zones.constant.js';

type ModuleInput = Omit<ModuleSpec, 'id' | 'powerModes' | 'thermalZonesByL4tMajor' | 'tegrastatsCpuEntries'> & {
  modes: readonly PowerModeSpec[];
  tegrastatsCpuEntries?: number;
  thermalZonesByL4tMajor?: ModuleSpec['thermalZonesByL4tMajor'];
};

function defineModule(id: ModuleId, input: ModuleInput): ModuleSpec {
  const { modes, ...rest } = input;
  return {
    ...rest,
    id,
    tegrastatsCpuEntries: input.tegrastatsCpuEntries ?? input.cpuCores,
    thermalZonesByL4tMajor: input.thermalZonesByL4tMajor ?? {},
    powerModes: buildPowerModes(input.soc, modes, input.maxPowerW),
  };
}

const VDD_IN_RULE: PowerRule = { kind: 'rail', rail: 'VDD_IN' };
const AGX_ORIN_RULE: PowerRule = { kind: 'sum', rails: RAIL_SETS.agxOrin };

const nano = {
  soc: 't210',
  gpuArch: 'Maxwell',
  smArch: '5.3',
  smCount: 1,
  cpuCores: 4,
  dlaCores: 0,
  int8TensorCores: false,
  nvenc: true,
  thermalZones: THERMAL_ZONES.nano,
  rails: RAIL_SETS.nano,
  powerRule: { kind: 'rail', rail: 'POM_5V_IN' },
  maxPowerW: 10,
  modes: NVPMODEL_TABLES.nano,
} as const;

const tx2 = {
  soc: 't186',
  gpuArch: 'Pascal',
  smArch: '6.2',
  smCount: 2,
  cpuCores: 6,
  dlaCores: 0,
  int8TensorCores: false,
  nvenc: true,
  thermalZones: THERMAL_ZONES.tx2,
  rails: RAIL_SETS.tx2,
  powerRule: VDD_IN_RULE,
  // Not in the reference; the TX2 family is a 7.5–15 W part.
  maxPowerW: 15,
  modes: NVPMODEL_TABLES.tx2,
} as const;

const agxXavier = {
  soc: 't194',
  gpuArch: 'Volta',
  smArch: '7.2',
  smCount: 8,
  cpuCores: 8,
  dlaCores: 2,
  int8TensorCores: true,
  nvenc: true,
  thermalZones: THERMAL_ZONES.agxXavier,
  rails: RAIL_SETS.agxXavier,
  powerRule: { kind: 'sum', rails: RAIL_SETS.agxXavier },
  // Not in the reference; the highest named AGX Xavier mode is 30 W.
  maxPowerW: 30,
  modes: NVPMODEL_TABLES.agxXavier,
} as const;

const xavierNx = {
  soc: 't194',
  gpuArch: 'Volta',
  smArch: '7.2',
  smCount: 6,
  cpuCores: 6,
  dlaCores: 2,
  int8TensorCores: true,
  nvenc: true,
  thermalZones: THERMAL_ZONES.xavierNxR35,
  thermalZonesByL4tMajor: { 32: THERMAL_ZONES.xavierNxR32 },
  rails: RAIL_SETS.vddIn,
  powerRule: VDD_IN_RULE,
  maxPowerW: 20,
  modes: NVPMODEL_TABLES.xavierNx,
} as const;

const orinT234 = {
  soc: 't234',
  gpuArch: 'Ampere',
  smArch: '8.7',
  int8TensorCores: true,
} as const;

const orinNano = {
  ...orinT234,
  cpuCores: 6,
  dlaCores: 0,
  nvenc: false,
  thermalZones: THERMAL_ZONES.orinNano,
  rails: RAIL_SETS.vddIn,
  powerRule: VDD_IN_RULE,
} as const;

const orinNx = {
  ...orinT234,
  smCount: 8,
  nvenc: true,
  thermalZones: THERMAL_ZONES.orinNx,
  rails: RAIL_SETS.vddIn,
  powerRule: VDD_IN_RULE,
} as const;

const agxOrin = {
  ...orinT234,
  dlaCores: 2,
  nvenc: true,
  tegrastatsCpuEntries: 12,
  thermalZones: THERMAL_ZONES.agxOrinR36,
  thermalZonesByL4tMajor: { 35: THERMAL_ZONES.agxOrinR35 },
  rails: RAIL_SETS.agxOrin,
  powerRule: AGX_ORIN_RULE,
} as const;

export const MODULE_CATALOG: Readonly<Record<ModuleId, ModuleSpec>> = {
  'nano-4gb': defineModule('nano-4gb', {
    ...nano,
    name: 'Jetson Nano 4GB',
    ramMB: 3964,
    ramGB: 4,
    pNumbers: ['p3448-0000', 'p3448-0002', 'p3450-0000'],
  }),
  'nano-2gb': defineModule('nano-2gb', {
    ...nano,
    name: 'Jetson Nano 2GB',
    // No capture in the reference; half of the 4GB figure.
    ramMB: 1980,
    ramGB: 2,
    pNumbers: ['p3448-0003'],
  }),
  tx2: defineModule('tx2', {
    ...tx2,
    name: 'Jetson TX2',
    ramMB: 7859,
    ramGB: 8,
    pNumbers: ['p3310', 'p2771-0000'],
  }),
  'tx2-4gb': defineModule('tx2-4gb', {
    ...tx2,
    name: 'Jetson TX2 4GB',
    ramMB: 3830,
    ramGB: 4,
    pNumbers: ['p3489-0888'],
  }),
  'tx2-nx': defineModule('tx2-nx', {
    ...tx2,
    name: 'Jetson TX2 NX',
    ramMB: 3825,
    ramGB: 4,
    pNumbers: ['p3636-0001'],
    // The only TX2 NX capture prints no rails at all.
    rails: [],
    powerRule: { kind: 'unavailable' },
  }),
  'agx-xavier-16gb': defineModule('agx-xavier-16gb', {
    ...agxXavier,
    name: 'Jetson AGX Xavier 16GB',
    ramMB: 15692,
    ramGB: 16,
    pNumbers: ['p2888-0001'],
  }),
  'agx-xavier-32gb': defineModule('agx-xavier-32gb', {
    ...agxXavier,
    name: 'Jetson AGX Xavier 32GB',
    ramMB: 31919,
    ramGB: 32,
    // -0008 is the Industrial module; the devkit (p2972-0000) is resolved by RAM.
    pNumbers: ['p2888-0004', 'p2888-0008', 'p2972-0000'],
  }),
  'xavier-nx-8gb': defineModule('xavier-nx-8gb', {
    ...xavierNx,
    name: 'Jetson Xavier NX 8GB',
    ramMB: 7771,
    ramGB: 8,
    pNumbers: ['p3668-0000', 'p3668-0001'],
  }),
  'xavier-nx-16gb': defineModule('xavier-nx-16gb', {
    ...xavierNx,
    name: 'Jetson Xavier NX 16GB',
    ramMB: 14885,
    ramGB: 16,
    pNumbers: ['p3668-0003'],
  }),
  'orin-nano-4gb': defineModule('orin-nano-4gb', {
    ...orinNano,
    name: 'Jetson Orin Nano 4GB',
    smCount: 4,
    // No capture in the reference; about half of the 8GB figure.
    ramMB: 3700,
    ramGB: 4,
    pNumbers: ['p3767-0004'],
    maxPowerW: 10,
    modes: NVPMODEL_TABLES.orinNano4gb,
  }),
  'orin-nano-8gb': defineModule('orin-nano-8gb', {
    ...orinNano,
    name: 'Jetson Orin Nano 8GB',
    smCount: 8,
    ramMB: 7620,
    ramGB: 8,
    pNumbers: ['p3767-0003', 'p3767-0005'],
    maxPowerW: 15,
    modes: NVPMODEL_TABLES.orinNano8gb,
  }),
  'orin-nano-8gb-super': defineModule('orin-nano-8gb-super', {
    ...orinNano,
    name: 'Jetson Orin Nano 8GB Super',
    smCount: 8,
    ramMB: 7620,
    ramGB: 8,
    pNumbers: ['p3767-0003', 'p3767-0005'],
    maxPowerW: 25,
    modes: NVPMODEL_TABLES.orinNano8gbSuper,
  }),
  'orin-nx-8gb': defineModule('orin-nx-8gb', {
    ...orinNx,
    name: 'Jetson Orin NX 8GB',
    cpuCores: 6,
    dlaCores: 1,
    ramMB: 7620,
    ramGB: 8,
    pNumbers: ['p3767-0001'],
    maxPowerW: 20,
    modes: NVPMODEL_TABLES.orinNx8gb,
  }),
  'orin-nx-8gb-super': defineModule('orin-nx-8gb-super', {
    ...orinNx,
    name: 'Jetson Orin NX 8GB Super',
    cpuCores: 6,
    dlaCores: 1,
    ramMB: 7620,
    ramGB: 8,
    pNumbers: ['p3767-0001'],
    // Not in the reference; the Super firmware's highest named mode on the NX family is 40 W.
    maxPowerW: 40,
    modes: NVPMODEL_TABLES.orinNx8gbSuper,
  }),
  'orin-nx-16gb': defineModule('orin-nx-16gb', {
    ...orinNx,
    name: 'Jetson Orin NX 16GB',
    cpuCores: 8,
    dlaCores: 2,
    ramMB: 15657,
    ramGB: 16,
    pNumbers: ['p3767-0000'],
    maxPowerW: 25,
    modes: NVPMODEL_TABLES.orinNx16gb,
  }),
  'orin-nx-16gb-super': defineModule('orin-nx-16gb-super', {
    ...orinNx,
    name: 'Jetson Orin NX 16GB Super',
    cpuCores: 8,
    dlaCores: 2,
    ramMB: 15657,
    ramGB: 16,
    pNumbers: ['p3767-0000'],
    maxPowerW: 40,
    modes: NVPMODEL_TABLES.orinNx16gbSuper,
  }),
  'agx-orin-32gb': defineModule('agx-orin-32gb', {
    ...agxOrin,
    name: 'Jetson AGX Orin 32GB',
    smCount: 14,
    cpuCores: 8,
    ramMB: 30698,
    ramGB: 32,
    pNumbers: ['p3701-0004'],
    maxPowerW: 40,
    modes: NVPMODEL_TABLES.agxOrin32gb,
  }),
  'agx-orin-64gb': defineModule('agx-orin-64gb', {
    ...agxOrin,
    name: 'Jetson AGX Orin 64GB',
    smCount: 16,
    cpuCores: 12,
    ramMB: 62841,
    ramGB: 64,
    pNumbers: ['p3701-0005', 'p3701-0000'],
    maxPowerW: 60,
    modes: NVPMODEL_TABLES.agxOrin64gb,
  }),
  'agx-thor': defineModule('agx-thor', {
    name: 'Jetson AGX Thor Developer Kit',
    soc: 't264',
    gpuArch: 'Blackwell',
    // Compute capability and SM count are not in the reference notes.
    smArch: null,
    smCount: 20,
    cpuCores: 14,
    dlaCores: 0,
    ramMB: 125772,
    ramGB: 128,
    int8TensorCores: true,
    nvenc: true,
    pNumbers: [],
    thermalZones: THERMAL_ZONES.agxThor,
    rails: RAIL_SETS.agxThor,
    powerRule: { kind: 'rail', rail: 'VIN' },
    // Not in the reference; the published Thor envelope tops out at 130 W.
    maxPowerW: 130,
    modes: NVPMODEL_TABLES.agxThor,
  }),
};
