import { describe, expect, it } from 'vitest';
import { JOB_TTL_SLACK_SEC, expiryAfter, jobTtlSec } from './signing-ttl.util.js';

describe('signing TTLs', () => {
  it('a job is signed for its deadline plus slack unless a TTL is configured', () => {
    expect(jobTtlSec(600, undefined)).toBe(600 + JOB_TTL_SLACK_SEC);
    expect(jobTtlSec(600, 120)).toBe(120);
  });

  it('expiry is now + ttl; a non-positive or non-finite ttl is refused', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(expiryAfter(now, 30 * 86_400).toISOString()).toBe('2026-01-31T00:00:00.000Z');
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => expiryAfter(now, bad)).toThrow();
  });
});
