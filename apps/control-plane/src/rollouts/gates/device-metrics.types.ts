/**
 * Probabilities at which each device's latency distribution is summarised. Dense near the tail, and
 * including 0 and 1 (min and max), so that devices can be pooled into one cohort p95 (cohort.util.ts).
 */
export const LATENCY_QUANTILE_PROBS: readonly number[] = [
  0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.925, 0.95, 0.975, 0.99, 1,
];

/** One device over an evaluation window. */
export interface DeviceMetrics {
  deviceId: string;
  module: string;
  /** Latest in the window; the registry's latest known mode when the window has none. */
  powerMode: string | null;
  online: boolean;
  /** All samples in the window. */
  samples: number;
  /** Samples that carried a latency (inference running). */
  latencySamples: number;
  /** p95 of the samples' p95 latency (percentile_cont, like the telemetry rollups). */
  latencyP95Ms: number | null;
  /** The samples' latency at each of LATENCY_QUANTILE_PROBS, for pooling; null without latency samples. */
  latencyQuantiles: number[] | null;
  /** Samples that carried board power. */
  powerSamples: number;
  /** Mean board power (powerMw / 1000); null when the device reported none (unavailable, never 0). */
  powerW: number | null;
  /** Latest non-null AP50 in the window. */
  ap50: number | null;
  ap50At: Date | null;
}
