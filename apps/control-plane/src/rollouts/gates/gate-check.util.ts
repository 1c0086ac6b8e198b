import type { GateCheck, GateCheckName } from './gate-report.types.js';

/**
 * Limits are inclusive, and a figure within this relative distance of its limit counts as equal:
 * 0.558 − 0.548 is 0.010000000000000009 in floating point and must not fail a 0.01 limit.
 */
const TOLERANCE = 1e-9;
export const above = (value: number, limit: number): boolean =>
  value - limit > TOLERANCE * Math.max(1, Math.abs(limit));
export const below = (value: number, limit: number): boolean =>
  limit - value > TOLERANCE * Math.max(1, Math.abs(limit));

export interface CheckSpec {
  name: GateCheckName;
  group: string | null;
  canary: number | null;
  baseline: number | null;
  threshold: number | null;
  /** Why the check does not apply here; null when it does. */
  skip: string | null;
  /** The canaries are too few to judge on: every applicable check waits with this reason. */
  waiting: string | null;
  /** What a missing canary figure means: data still to come, or a metric this hardware never has. */
  onMissing: { verdict: 'insufficient' | 'skipped'; reason: string };
  /** The compared figure and, when it breaks the limit, the reason naming the numbers. */
  measure: (canary: number) => { value: number; failure: string | null };
}

/** Runs one check through the same ladder: not applicable, too few canaries, no figure, judged. */
export function runCheck(spec: CheckSpec): GateCheck {
  const base = {
    name: spec.name,
    group: spec.group,
    canary: spec.canary,
    baseline: spec.baseline,
    value: null,
    threshold: spec.threshold,
  };
  if (spec.skip !== null) return { ...base, verdict: 'skipped', reason: spec.skip };
  if (spec.waiting !== null) return { ...base, verdict: 'insufficient', reason: spec.waiting };
  if (spec.canary === null) return { ...base, ...spec.onMissing };
  const { value, failure } = spec.measure(spec.canary);
  return { ...base, value, verdict: failure === null ? 'pass' : 'fail', reason: failure };
}
