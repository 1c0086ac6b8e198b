import { findModule, resolvePowerMode } from '@jetfleet/jetson';
import type { DesiredPowerMode } from '@jetfleet/protocol';

export type PowerModeResolution =
  { ok: true; mode: DesiredPowerMode; budgetW: number; rebootRequired: boolean } | { ok: false; reason: string };

/**
 * A mode name resolved for one module: ids are not portable across modules, names are. A mode
 * that needs a reboot is refused unless the operator allowed reboots explicitly.
 */
export function resolveModeFor(moduleId: string, name: string, allowReboot: boolean): PowerModeResolution {
  const spec = findModule(moduleId);
  if (!spec) return { ok: false, reason: `unknown module ${moduleId}` };
  const mode = resolvePowerMode(spec.id, name);
  if (!mode) {
    const known = spec.powerModes.map((m) => m.name).join(', ');
    return { ok: false, reason: `${spec.id} has no power mode ${name} (it has ${known})` };
  }
  if (mode.rebootRequired && !allowReboot) {
    return { ok: false, reason: `${mode.name} on ${spec.id} needs a reboot; pass allowReboot to apply it` };
  }
  return {
    ok: true,
    mode: { name: mode.name, id: mode.id, allowReboot },
    budgetW: mode.budgetW,
    rebootRequired: mode.rebootRequired,
  };
}
