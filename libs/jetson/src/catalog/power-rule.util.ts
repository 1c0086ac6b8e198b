import type { PowerRule } from './power-rule.types.js';
import { RAIL_SETS } from './rail-sets.constant.js';

/**
 * Board-power rule when the module is unknown, by rail names (reference §2.5):
 * VIN › POM_5V_IN › VDD_IN › AGX Orin set › AGX Xavier set › unavailable.
 */
export function detectPowerRule(railNames: Iterable<string>): PowerRule {
  const names = new Set(railNames);
  for (const rail of ['VIN', 'POM_5V_IN', 'VDD_IN']) {
    if (names.has(rail)) return { kind: 'rail', rail };
  }
  for (const rails of [RAIL_SETS.agxOrin, RAIL_SETS.agxXavier]) {
    if (rails.every((rail) => names.has(rail))) return { kind: 'sum', rails };
  }
  return { kind: 'unavailable' };
}

/** Total in mW, or null when a rail the rule needs is missing: unavailable is never 0. */
export function applyPowerRule(rule: PowerRule, valuesMw: Readonly<Record<string, number>>): number | null {
  switch (rule.kind) {
    case 'rail':
      return valuesMw[rule.rail] ?? null;
    case 'sum': {
      let total = 0;
      for (const rail of rule.rails) {
        const value = valuesMw[rail];
        if (value === undefined) return null;
        total += value;
      }
      return total;
    }
    case 'unavailable':
      return null;
  }
}
