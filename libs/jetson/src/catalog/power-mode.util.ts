import type { SocId } from './module-spec.types.js';
import type { PowerMode, PowerModeSpec } from './power-mode.types.js';

const WATTS_IN_NAME = /(\d+(?:\.\d+)?)W/;
const MAXN_NAME = /^MAXN/;

export function budgetFromModeName(spec: PowerModeSpec, maxPowerW: number): number {
  const watts = WATTS_IN_NAME.exec(spec.name);
  if (watts?.[1] !== undefined) return Number(watts[1]);
  if (MAXN_NAME.test(spec.name)) return maxPowerW;
  return spec.budgetW ?? maxPowerW;
}

/**
 * Reference §3.1 reboot rule: r32-era SoCs hot-plug cores, so every switch applies live; on Orin/Thor a
 * change of the online-core count needs a reboot. Unknown core counts on Orin/Thor count as a reboot,
 * because a surprise reboot prompt is worse than a needless one.
 */
export function switchNeedsReboot(
  soc: SocId,
  from: Pick<PowerMode, 'onlineCores' | 'id'>,
  to: Pick<PowerMode, 'onlineCores' | 'id'>,
): boolean {
  if (from.id === to.id) return false;
  if (soc !== 't234' && soc !== 't264') return false;
  if (from.onlineCores === null || to.onlineCores === null) return true;
  return from.onlineCores !== to.onlineCores;
}

export function buildPowerModes(soc: SocId, specs: readonly PowerModeSpec[], maxPowerW: number): PowerMode[] {
  const defaultSpec = specs.find((spec) => spec.isDefault === true);
  const base = specs.map((spec) => ({
    id: spec.id,
    name: spec.name,
    budgetW: budgetFromModeName(spec, maxPowerW),
    isDefault: spec === defaultSpec,
    onlineCores: spec.onlineCores ?? null,
    cpuMaxMHz: spec.cpuMaxMHz ?? null,
    gpuMaxMHz: spec.gpuMaxMHz ?? null,
  }));
  const defaultMode = base.find((mode) => mode.isDefault);
  return base.map((mode) => ({
    ...mode,
    rebootRequired: defaultMode === undefined ? false : switchNeedsReboot(soc, defaultMode, mode),
  }));
}
