import type { RolloutGates } from './gate-config.schema.js';
import { above, below, runCheck } from './gate-check.util.js';
import { formatPair, millis, watts } from './gate-format.util.js';
import type { CohortGroup, CohortMetrics, GateCheck } from './gate-report.types.js';

/** Why the group's baseline cannot be compared with, or null when it can. */
function baselineGap(baseline: CohortMetrics | null, gates: RolloutGates): string | null {
  if (baseline === null) return 'no baseline on the previous model';
  if (baseline.devices < gates.minReportingDevices) {
    return `baseline has ${baseline.devices} reporting device(s), needs ${gates.minReportingDevices}`;
  }
  return null;
}

const NO_LATENCY = { verdict: 'insufficient', reason: 'no latency samples from the canaries' } as const;
const NO_AP50 = { verdict: 'insufficient', reason: 'no AP50 from the canaries' } as const;
// Hardware without a usable power rail never reports power; waiting for it would only end inconclusive.
const NO_POWER = { verdict: 'skipped', reason: 'board power unavailable on the canaries' } as const;

/** The per-group checks: reporting devices, latency, power and AP50, relative and absolute. */
export function groupChecks(group: CohortGroup, gates: RolloutGates): GateCheck[] {
  const { key, canary } = group;
  const gap = baselineGap(group.baseline, gates);
  const baseline = gap === null ? group.baseline : null;
  const enough = canary.devices >= gates.minReportingDevices;
  // Judging an under-reported cohort is exactly what the minimum is there to prevent.
  const waiting = enough ? null : `${canary.devices} of ${gates.minReportingDevices} reporting canary device(s)`;
  const common = { group: key, waiting };

  const reporting: GateCheck = {
    name: 'reportingDevices',
    group: key,
    canary: canary.devices,
    baseline: group.baseline?.devices ?? null,
    value: canary.devices,
    threshold: gates.minReportingDevices,
    verdict: enough ? 'pass' : 'insufficient',
    reason: waiting,
  };

  const baseLatency = baseline?.latencyP95Ms ?? null;
  const latencyRatio = runCheck({
    ...common,
    name: 'latencyP95Ratio',
    canary: canary.latencyP95Ms,
    baseline: group.baseline?.latencyP95Ms ?? null,
    threshold: gates.maxLatencyP95Ratio,
    skip: gap ?? (baseLatency === null || baseLatency <= 0 ? 'baseline reports no latency' : null),
    onMissing: NO_LATENCY,
    measure: (c) => {
      const ratio = c / (baseLatency ?? 1);
      const [r, t] = formatPair(ratio, gates.maxLatencyP95Ratio, 2);
      const failure = above(ratio, gates.maxLatencyP95Ratio)
        ? `p95 latency ratio ${r} > ${t} (${key}: canary ${millis(c)} vs baseline ${millis(baseLatency ?? 0)})`
        : null;
      return { value: ratio, failure };
    },
  });

  const maxMs = gates.maxLatencyP95Ms ?? null;
  const latencyAbsolute = runCheck({
    ...common,
    name: 'latencyP95Ms',
    canary: canary.latencyP95Ms,
    baseline: group.baseline?.latencyP95Ms ?? null,
    threshold: maxMs,
    skip: maxMs === null ? 'no absolute latency limit set' : null,
    onMissing: NO_LATENCY,
    measure: (c) => {
      const [v, t] = formatPair(c, maxMs ?? 0, 1);
      return { value: c, failure: above(c, maxMs ?? 0) ? `p95 latency ${v} ms > ${t} ms (${key})` : null };
    },
  });

  const basePower = baseline?.powerW ?? null;
  const powerRatio = runCheck({
    ...common,
    name: 'powerRatio',
    canary: canary.powerW,
    baseline: group.baseline?.powerW ?? null,
    threshold: gates.maxPowerRatio,
    skip: gap ?? (basePower === null || basePower <= 0 ? 'board power unavailable on the baseline' : null),
    onMissing: NO_POWER,
    measure: (c) => {
      const ratio = c / (basePower ?? 1);
      const [r, t] = formatPair(ratio, gates.maxPowerRatio, 2);
      const failure = above(ratio, gates.maxPowerRatio)
        ? `power ratio ${r} > ${t} (${key}: canary ${watts(c)} vs baseline ${watts(basePower ?? 0)})`
        : null;
      return { value: ratio, failure };
    },
  });

  const budget = group.powerBudgetW;
  const powerBudget = runCheck({
    ...common,
    name: 'powerBudget',
    canary: canary.powerW,
    baseline: group.baseline?.powerW ?? null,
    threshold: budget,
    skip: !gates.enforcePowerBudget
      ? 'power budget not enforced'
      : budget === null
        ? `no known budget for power mode ${group.powerMode ?? '(unknown)'} of ${group.module}`
        : null,
    onMissing: NO_POWER,
    measure: (c) => {
      const failure = above(c, budget ?? 0)
        ? `mean board power ${watts(c)} > ${group.powerMode ?? ''} budget ${budget ?? 0} W (${key})`
        : null;
      return { value: c, failure };
    },
  });

  const baseAp50 = baseline?.ap50 ?? null;
  const ap50Drop = runCheck({
    ...common,
    name: 'ap50Drop',
    canary: canary.ap50,
    baseline: group.baseline?.ap50 ?? null,
    threshold: gates.maxAp50Drop,
    skip:
      gap ??
      (baseAp50 === null
        ? canary.ap50 === null
          ? 'no AP50 measured in this group'
          : 'baseline reports no AP50'
        : null),
    onMissing: NO_AP50,
    measure: (c) => {
      const drop = (baseAp50 ?? 0) - c;
      const [d, t] = formatPair(drop, gates.maxAp50Drop, 3);
      const failure = above(drop, gates.maxAp50Drop)
        ? `AP50 drop ${d} > ${t} (${key}: canary ${c.toFixed(3)} vs baseline ${(baseAp50 ?? 0).toFixed(3)})`
        : null;
      return { value: drop, failure };
    },
  });

  const minAp50 = gates.minAp50 ?? null;
  const ap50Floor = runCheck({
    ...common,
    name: 'minAp50',
    canary: canary.ap50,
    baseline: group.baseline?.ap50 ?? null,
    threshold: minAp50,
    skip: minAp50 === null ? 'no AP50 floor set' : null,
    onMissing: NO_AP50,
    measure: (c) => {
      const [v, t] = formatPair(c, minAp50 ?? 0, 3);
      return { value: c, failure: below(c, minAp50 ?? 0) ? `AP50 ${v} < ${t} (${key})` : null };
    },
  });

  return [reporting, latencyRatio, latencyAbsolute, powerRatio, powerBudget, ap50Drop, ap50Floor];
}
