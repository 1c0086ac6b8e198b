import { describe, expect, it } from 'vitest';
import { cohortGroupKey, cohortGroups, cohortMetrics, powerBudgetW } from './cohort.util.js';
import { LATENCY_QUANTILE_PROBS, type DeviceMetrics } from './device-metrics.types.js';

const flat = (ms: number) => LATENCY_QUANTILE_PROBS.map(() => ms);

const device = (id: string, over: Partial<DeviceMetrics> = {}): DeviceMetrics => ({
  deviceId: id,
  module: 'orin-nano-8gb',
  powerMode: '15W',
  online: true,
  samples: 10,
  latencySamples: 10,
  latencyP95Ms: 10,
  latencyQuantiles: flat(10),
  powerSamples: 10,
  powerW: 10,
  ap50: 0.7,
  ap50At: new Date('2025-03-01T12:00:00Z'),
  ...over,
});

describe('cohortMetrics', () => {
  it('counts only devices with enough samples', () => {
    const m = cohortMetrics([device('a'), device('b', { samples: 2, ap50: 0.1, powerW: 99 }), device('c')], 3);
    expect(m).toEqual({ devices: 2, samples: 20, latencyP95Ms: 10, powerW: 10, ap50: 0.7 });
  });

  it('means power over pooled samples and AP50 over devices', () => {
    const m = cohortMetrics(
      [
        device('a', { powerW: 8, powerSamples: 30, ap50: 0.6 }),
        device('b', { powerW: 12, powerSamples: 10, ap50: 0.7 }),
        device('c', { powerW: null, powerSamples: 0, ap50: null }),
      ],
      3,
    );
    expect(m.devices).toBe(3);
    expect(m.powerW).toBeCloseTo(9, 10);
    expect(m.ap50).toBeCloseTo(0.65, 10);
  });

  it('pools latency over samples rather than taking the worst device', () => {
    const m = cohortMetrics(
      [
        device('a', { latencyQuantiles: flat(10), latencySamples: 97 }),
        device('b', { latencyQuantiles: flat(40), latencySamples: 3, latencyP95Ms: 40 }),
      ],
      3,
    );
    expect(m.latencyP95Ms).toBe(10);
  });

  it('falls back to a device’s own p95 when its distribution is missing', () => {
    const m = cohortMetrics([device('a', { latencyQuantiles: null, latencyP95Ms: 13 })], 1);
    expect(m.latencyP95Ms).toBe(13);
  });

  it('has null figures when nobody reports', () => {
    expect(cohortMetrics([device('a', { samples: 1 })], 3)).toEqual({
      devices: 0,
      samples: 0,
      latencyP95Ms: null,
      powerW: null,
      ap50: null,
    });
    const silent = device('b', {
      latencySamples: 0,
      latencyP95Ms: null,
      latencyQuantiles: null,
      powerSamples: 0,
      powerW: null,
      ap50: null,
    });
    expect(cohortMetrics([silent], 3)).toMatchObject({ devices: 1, latencyP95Ms: null, powerW: null, ap50: null });
  });
});

describe('cohortGroups', () => {
  it('makes one group per canary key, matching baselines of the same class and mode only', () => {
    const groups = cohortGroups(
      [
        device('c1', { ap50: 0.6 }),
        device('c2', { module: 'agx-orin-64gb', powerMode: 'MAXN', powerW: 40 }),
        device('c3', { powerMode: null, samples: 0 }),
      ],
      [
        device('b1', { ap50: 0.8 }),
        device('b2', { powerMode: '7W', ap50: 0.1 }),
        device('b3', { module: 'xavier-nx-8gb', powerMode: 'MODE_20W_6CORE' }),
      ],
      3,
    );
    expect(groups.map((g) => g.key)).toEqual(['agx-orin-64gb/MAXN', 'orin-nano-8gb/15W', 'orin-nano-8gb/unknown']);
    const [agx, nano, unknown] = groups;
    expect(agx).toMatchObject({ module: 'agx-orin-64gb', powerMode: 'MAXN', powerBudgetW: 60, baseline: null });
    expect(agx?.canary.powerW).toBe(40);
    expect(nano).toMatchObject({
      powerBudgetW: 15,
      canary: { devices: 1, ap50: 0.6 },
      baseline: { devices: 1, ap50: 0.8 },
    });
    expect(unknown).toMatchObject({ powerMode: null, powerBudgetW: null, canary: { devices: 0 }, baseline: null });
  });

  it('resolves power budgets from the catalog', () => {
    expect(powerBudgetW('orin-nano-8gb', '7W')).toBe(7);
    expect(powerBudgetW('agx-xavier-32gb', 'MODE_30W_ALL')).toBe(30);
    expect(powerBudgetW('orin-nano-8gb', 'NOPE')).toBeNull();
    expect(powerBudgetW('not-a-module', '15W')).toBeNull();
    expect(powerBudgetW('orin-nano-8gb', null)).toBeNull();
    expect(cohortGroupKey('orin-nano-8gb', '15W')).toBe('orin-nano-8gb/15W');
  });
});
