/**
 * Slack after a job's own deadline: covers a command that waited in the broker for a device that
 * was briefly offline, and modest clock skew between the control plane and the device.
 */
export const JOB_TTL_SLACK_SEC = 900;

/** Lifetime of a job command's signature: the configured one, or the job's deadline plus slack. */
export function jobTtlSec(deadlineSec: number, configuredSec: number | undefined): number {
  return configuredSec ?? deadlineSec + JOB_TTL_SLACK_SEC;
}

/** `now + ttlSec`, refusing lifetimes that would make an envelope expired on arrival or unbounded. */
export function expiryAfter(now: Date, ttlSec: number): Date {
  if (!Number.isFinite(ttlSec) || ttlSec <= 0) throw new RangeError(`ttlSec must be positive, got ${ttlSec}`);
  return new Date(now.getTime() + ttlSec * 1000);
}
