import { describe, expect, it } from 'vitest';
import { isFinalAttempt, webhookJobOptions } from './webhook-job.util.js';

describe('webhookJobOptions', () => {
  it('keys the job by delivery id and backs off exponentially with jitter', () => {
    expect(webhookJobOptions('d-1', { attempts: 6, backoffMs: 10_000 })).toEqual({
      jobId: 'd-1',
      attempts: 6,
      backoff: { type: 'exponential', delay: 10_000, jitter: 0.2 },
    });
  });
});

describe('isFinalAttempt', () => {
  it('is true only for the try BullMQ will not repeat', () => {
    expect(isFinalAttempt({ attemptsMade: 0, opts: { attempts: 3 } })).toBe(false);
    expect(isFinalAttempt({ attemptsMade: 1, opts: { attempts: 3 } })).toBe(false);
    expect(isFinalAttempt({ attemptsMade: 2, opts: { attempts: 3 } })).toBe(true);
  });

  it('treats a job without attempts as a single try', () => {
    expect(isFinalAttempt({ attemptsMade: 0, opts: {} })).toBe(true);
  });
});
