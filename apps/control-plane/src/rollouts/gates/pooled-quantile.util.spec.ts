import { describe, expect, it } from 'vitest';
import { LATENCY_QUANTILE_PROBS } from './device-metrics.types.js';
import { pooledQuantile } from './pooled-quantile.util.js';

/** PostgreSQL's percentile_cont: linear interpolation between the order statistics. */
function percentileCont(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

const sketch = (samples: readonly number[]) => ({
  values: LATENCY_QUANTILE_PROBS.map((p) => percentileCont(samples, p)),
  weight: samples.length,
});

/** Deterministic pseudo-random latencies: a base plus a long right tail. */
function latencies(n: number, base: number, seed: number): number[] {
  let s = seed;
  const next = () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
  return Array.from({ length: n }, () => base * (1 + 0.1 * next() + (next() < 0.08 ? next() : 0)));
}

describe('pooledQuantile', () => {
  it('gives one device its own p95', () => {
    const samples = latencies(200, 10, 1);
    expect(pooledQuantile([sketch(samples)], LATENCY_QUANTILE_PROBS, 0.95)).toBeCloseTo(
      percentileCont(samples, 0.95),
      9,
    );
  });

  it('gives identical devices their common p95', () => {
    const samples = latencies(100, 12, 2);
    const p95 = pooledQuantile([sketch(samples), sketch(samples), sketch(samples)], LATENCY_QUANTILE_PROBS, 0.95);
    expect(p95).toBeCloseTo(percentileCont(samples, 0.95), 9);
  });

  it('is close to the p95 of all samples pooled, across unlike devices', () => {
    const devices = [latencies(120, 8, 3), latencies(60, 9, 4), latencies(300, 10, 5), latencies(90, 14, 6)];
    const exact = percentileCont(devices.flat(), 0.95);
    const pooled = pooledQuantile(devices.map(sketch), LATENCY_QUANTILE_PROBS, 0.95) as number;
    expect(Math.abs(pooled - exact) / exact).toBeLessThan(0.03);
    // Neither the max nor the mean of per-device p95s would be: the pooled figure sits between them.
    const perDevice = devices.map((d) => percentileCont(d, 0.95));
    expect(pooled).toBeLessThan(Math.max(...perDevice));
  });

  it('weighs devices by their samples', () => {
    const fast = { values: LATENCY_QUANTILE_PROBS.map(() => 10), weight: 99 };
    const slow = { values: LATENCY_QUANTILE_PROBS.map(() => 50), weight: 1 };
    expect(pooledQuantile([fast, slow], LATENCY_QUANTILE_PROBS, 0.95)).toBe(10);
    expect(
      pooledQuantile(
        [
          { ...fast, weight: 90 },
          { ...slow, weight: 10 },
        ],
        LATENCY_QUANTILE_PROBS,
        0.95,
      ),
    ).toBe(50);
  });

  it('handles point masses (devices whose quantiles coincide)', () => {
    const a = { values: LATENCY_QUANTILE_PROBS.map(() => 7), weight: 10 };
    expect(pooledQuantile([a], LATENCY_QUANTILE_PROBS, 0.95)).toBe(7);
  });

  it('has nothing to say without weight', () => {
    expect(pooledQuantile([], LATENCY_QUANTILE_PROBS, 0.95)).toBeNull();
    expect(
      pooledQuantile([{ values: LATENCY_QUANTILE_PROBS.map(() => 7), weight: 0 }], LATENCY_QUANTILE_PROBS, 0.95),
    ).toBeNull();
  });
});
