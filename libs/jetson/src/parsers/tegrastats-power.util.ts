import { findModule } from '../catalog/module-lookup.util.js';
import type { PowerRule } from '../catalog/power-rule.types.js';
import { applyPowerRule, detectPowerRule } from '../catalog/power-rule.util.js';
import type { TegrastatsRail } from './tegrastats-sample.types.js';

export interface BoardPower {
  totalPowerMw: number | null;
  totalPowerAvgMw: number | null;
  powerRule: PowerRule;
}

const UNAVAILABLE: PowerRule = { kind: 'unavailable' };

/** Module rule first; when its rails are missing, the by-name rule (with a warning) so a wrong module id still reads. */
export function computeBoardPower(
  rails: Readonly<Record<string, TegrastatsRail>>,
  moduleId: string | undefined,
  warnings: string[],
): BoardPower {
  const names = Object.keys(rails);
  const cur: Record<string, number> = {};
  const avg: Record<string, number> = {};
  for (const [name, rail] of Object.entries(rails)) {
    cur[name] = rail.curMw;
    avg[name] = rail.avgMw;
  }
  const evaluate = (rule: PowerRule): BoardPower | null => {
    const total = applyPowerRule(rule, cur);
    return total === null ? null : { totalPowerMw: total, totalPowerAvgMw: applyPowerRule(rule, avg), powerRule: rule };
  };
  const detected = detectPowerRule(names);

  if (moduleId !== undefined) {
    const spec = findModule(moduleId);
    if (spec === undefined) {
      warnings.push(`unknown module "${moduleId}"; power rule chosen from rail names`);
    } else {
      const fromModule = evaluate(spec.powerRule);
      if (fromModule !== null) return fromModule;
      const fallback = evaluate(detected);
      if (fallback !== null) {
        warnings.push(`rails do not fit ${moduleId}'s power rule; used the rule for these rail names`);
        return fallback;
      }
      if (spec.powerRule.kind !== 'unavailable' && names.length > 0) {
        warnings.push(`rails needed by ${moduleId}'s power rule are missing`);
      }
      return { totalPowerMw: null, totalPowerAvgMw: null, powerRule: UNAVAILABLE };
    }
  }
  const byName = evaluate(detected);
  if (byName !== null) return byName;
  if (names.length > 0) warnings.push(`no board-power rule fits rails ${names.join(', ')}`);
  return { totalPowerMw: null, totalPowerAvgMw: null, powerRule: UNAVAILABLE };
}
