import type { JobsOptions } from 'bullmq';

export interface WebhookRetryPolicy {
  attempts: number;
  backoffMs: number;
}

/**
 * One job per delivery row, keyed by its id: adding the same delivery twice while its job
 * exists yields one job. Retries back off exponentially (base, 2×base, 4×base, …) with up to
 * 20 % jitter so endpoints coming back after an outage are not hit by every retry at once.
 */
export function webhookJobOptions(deliveryId: string, policy: WebhookRetryPolicy): JobsOptions {
  return {
    jobId: deliveryId,
    attempts: policy.attempts,
    backoff: { type: 'exponential', delay: policy.backoffMs, jitter: 0.2 },
  };
}

/** True when the try now running is the last one BullMQ will make. */
export function isFinalAttempt(job: { attemptsMade: number; opts: { attempts?: number } }): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
