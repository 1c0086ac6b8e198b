import type { SocId } from './module-spec.types.js';

const SOC_IDS: readonly SocId[] = ['t210', 't186', 't194', 't234', 't264'];

/** `tegra234` (jetson_clocks `SOC family:`, device-tree compatible) → `t234`; null when unknown. */
export function socFromFamily(family: string): SocId | null {
  const match = /tegra(\d{3})/i.exec(family) ?? /\bt(\d{3})\b/i.exec(family);
  const soc = match?.[1] === undefined ? undefined : `t${match[1]}`;
  return SOC_IDS.find((id) => id === soc) ?? null;
}
