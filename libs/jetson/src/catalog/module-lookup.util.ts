import { MODULE_CATALOG } from './module-catalog.constant.js';
import { isModuleId, type ModuleId } from './module-id.constant.js';
import type { ModuleSpec } from './module-spec.types.js';

export const getModule = (id: ModuleId): ModuleSpec => MODULE_CATALOG[id];

/** For ids that arrive as plain strings (config, wire); undefined when unknown. */
export const findModule = (id: string): ModuleSpec | undefined => (isModuleId(id) ? MODULE_CATALOG[id] : undefined);

/** Zone names tegrastats prints for this module on the given L4T major (newest generation when omitted). */
export function thermalZonesFor(id: ModuleId, l4tMajor?: number): readonly string[] {
  const spec = MODULE_CATALOG[id];
  if (l4tMajor === undefined) return spec.thermalZones;
  return spec.thermalZonesByL4tMajor[l4tMajor] ?? spec.thermalZones;
}
