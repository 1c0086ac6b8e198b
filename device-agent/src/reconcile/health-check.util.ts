import type { DesiredModel, Verification } from '@jetfleet/protocol';

export type HealthThresholds = NonNullable<DesiredModel['health']>;

/** What the local check measured on a freshly activated engine. */
export interface HealthMeasurement extends Verification {
  /** trtexec deserialized the engine and ran inference. */
  readonly ran: boolean;
  /** Why it did not run (trtexec failure kind and summary). */
  readonly failure?: string;
}

export type HealthVerdict = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * An engine that does not run always fails. Latency is gated when a maximum is set (an unmeasured latency
 * fails, since trtexec always prints one when it ran). AP50 is gated only where the board measured it:
 * a real Jetson cannot score its golden set yet, and the rollout's fleet-level AP50 gate still applies.
 */
export function judgeHealth(thresholds: HealthThresholds | undefined, m: HealthMeasurement): HealthVerdict {
  if (!m.ran) return { ok: false, message: `engine did not run: ${m.failure ?? 'unknown failure'}` };
  const misses: string[] = [];
  const maxLatency = thresholds?.maxLatencyP95Ms;
  if (maxLatency !== undefined) {
    if (m.latencyP95Ms === null) misses.push(`latency p95 not measured (max ${maxLatency} ms)`);
    else if (m.latencyP95Ms > maxLatency)
      misses.push(`latency p95 ${fmt(m.latencyP95Ms, 2)} ms > max ${maxLatency} ms`);
  }
  const minAp50 = thresholds?.minAp50;
  if (minAp50 !== undefined && m.ap50 !== null && m.ap50 < minAp50) {
    misses.push(`AP50 ${fmt(m.ap50, 3)} < min ${minAp50}`);
  }
  return misses.length === 0 ? { ok: true } : { ok: false, message: `health check failed: ${misses.join('; ')}` };
}

/** The numbers a report carries, for any message. */
export function describeMeasurement(m: Verification): string {
  const parts = [
    `latency p95 ${m.latencyP95Ms === null ? 'n/a' : `${fmt(m.latencyP95Ms, 2)} ms`}`,
    `fps ${m.fps === null ? 'n/a' : fmt(m.fps, 1)}`,
    `AP50 ${m.ap50 === null ? 'n/a' : fmt(m.ap50, 3)}`,
  ];
  return parts.join(', ');
}

const fmt = (n: number, digits: number): string => n.toFixed(digits);
