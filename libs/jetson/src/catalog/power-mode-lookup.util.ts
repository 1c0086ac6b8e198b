import { MODULE_CATALOG } from './module-catalog.constant.js';
import type { ModuleId } from './module-id.constant.js';
import type { PowerMode } from './power-mode.types.js';
import { switchNeedsReboot } from './power-mode.util.js';

/** Mode by name for this module (ids are not portable, names are per module); case and spaces tolerated. */
export function resolvePowerMode(moduleId: ModuleId, name: string): PowerMode | undefined {
  const modes = MODULE_CATALOG[moduleId].powerModes;
  const exact = modes.find((mode) => mode.name === name);
  if (exact !== undefined) return exact;
  const wanted = name.trim().toUpperCase();
  return modes.find((mode) => mode.name.toUpperCase() === wanted);
}

export function defaultPowerMode(moduleId: ModuleId): PowerMode {
  const modes = MODULE_CATALOG[moduleId].powerModes;
  const found = modes.find((mode) => mode.isDefault) ?? modes[0];
  // Every catalog entry has at least one mode; the spec test guards this.
  if (found === undefined) throw new Error(`module ${moduleId} has no power modes`);
  return found;
}

/** Reboot rule between two modes of one module; undefined when either name is unknown. */
export function powerSwitchNeedsReboot(moduleId: ModuleId, fromName: string, toName: string): boolean | undefined {
  const from = resolvePowerMode(moduleId, fromName);
  const to = resolvePowerMode(moduleId, toName);
  if (from === undefined || to === undefined) return undefined;
  return switchNeedsReboot(MODULE_CATALOG[moduleId].soc, from, to);
}
