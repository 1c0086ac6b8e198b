import { findModule, resolvePowerMode } from '@jetfleet/jetson';
import { LATENCY_QUANTILE_PROBS, type DeviceMetrics } from './device-metrics.types.js';
import type { CohortGroup, CohortMetrics } from './gate-report.types.js';
import { pooledQuantile, type QuantileSketch } from './pooled-quantile.util.js';

/** Hardware class and power mode: canaries are only ever compared with baselines of the same group. */
export const cohortGroupKey = (module: string, powerMode: string | null): string =>
  `${module}/${powerMode ?? 'unknown'}`;

export function powerBudgetW(module: string, powerMode: string | null): number | null {
  const spec = findModule(module);
  if (!spec || powerMode === null) return null;
  return resolvePowerMode(spec.id, powerMode)?.budgetW ?? null;
}

function latencySketch(d: DeviceMetrics): QuantileSketch | null {
  if (d.latencySamples <= 0) return null;
  if (d.latencyQuantiles !== null && d.latencyQuantiles.length === LATENCY_QUANTILE_PROBS.length) {
    return { values: d.latencyQuantiles, weight: d.latencySamples };
  }
  // Without its distribution a device counts as all its samples at its own p95: cautious, never optimistic.
  if (d.latencyP95Ms === null) return null;
  return { values: LATENCY_QUANTILE_PROBS.map(() => d.latencyP95Ms as number), weight: d.latencySamples };
}

/**
 * One cohort's figures from its devices. Only devices with at least `minSamplesPerDevice` samples
 * count. Latency is the p95 of all the cohort's samples pooled, not a statistic of per-device p95s:
 * the max of p95s grows with the cohort's size (a big baseline would look slower than a small canary
 * cohort), and a median of p95s hides a slow minority. Pooling weighs devices by their latency
 * samples, which at a common telemetry rate is by time, and is computed from each device's
 * quantiles (device-metrics.types.ts) so it needs no raw samples. Power is likewise the mean over
 * pooled samples; AP50 is the mean of the devices' latest values (one measurement per device).
 */
export function cohortMetrics(devices: readonly DeviceMetrics[], minSamplesPerDevice: number): CohortMetrics {
  const reporting = devices.filter((d) => d.samples >= minSamplesPerDevice);
  const sketches = reporting.map(latencySketch).filter((s): s is QuantileSketch => s !== null);
  const powered = reporting.filter((d) => d.powerW !== null && d.powerSamples > 0);
  const powerWeight = powered.reduce((sum, d) => sum + d.powerSamples, 0);
  const ap50s = reporting.map((d) => d.ap50).filter((v): v is number => v !== null);
  return {
    devices: reporting.length,
    samples: reporting.reduce((sum, d) => sum + d.samples, 0),
    latencyP95Ms: pooledQuantile(sketches, LATENCY_QUANTILE_PROBS, 0.95),
    powerW:
      powerWeight > 0 ? powered.reduce((sum, d) => sum + (d.powerW as number) * d.powerSamples, 0) / powerWeight : null,
    ap50: ap50s.length > 0 ? ap50s.reduce((a, b) => a + b, 0) / ap50s.length : null,
  };
}

/**
 * The evaluator's groups: one per cohort key that has canaries (reporting or not, so a silent group
 * is waited for), each with the baseline devices of the same key, or null when there are none.
 */
export function cohortGroups(
  canaries: readonly DeviceMetrics[],
  baseline: readonly DeviceMetrics[],
  minSamplesPerDevice: number,
): CohortGroup[] {
  const byKey = new Map<
    string,
    { module: string; powerMode: string | null; canary: DeviceMetrics[]; base: DeviceMetrics[] }
  >();
  for (const d of canaries) {
    const key = cohortGroupKey(d.module, d.powerMode);
    const g = byKey.get(key) ?? { module: d.module, powerMode: d.powerMode, canary: [], base: [] };
    g.canary.push(d);
    byKey.set(key, g);
  }
  for (const d of baseline) byKey.get(cohortGroupKey(d.module, d.powerMode))?.base.push(d);
  return [...byKey.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, g]) => ({
      key,
      module: g.module,
      powerMode: g.powerMode,
      powerBudgetW: powerBudgetW(g.module, g.powerMode),
      canary: cohortMetrics(g.canary, minSamplesPerDevice),
      baseline: g.base.length > 0 ? cohortMetrics(g.base, minSamplesPerDevice) : null,
    }));
}
