export {
  identifyModule,
  type IdentifyConfidence,
  type IdentifyModuleInput,
  type ModuleIdentification,
} from './identify-module.util.js';
export { MODULE_FAMILIES, SUPER_VARIANTS, type ModuleFamily } from './module-family.constant.js';
export { P_NUMBER_FAMILIES, P_NUMBER_MODULES } from './p-number.constant.js';
export { cleanDeviceTreeString, splitDeviceTreeList } from './device-tree.util.js';
export { parseNvTegraRelease, type NvTegraRelease } from './nv-tegra-release.parser.js';
