import { describe, expect, it } from 'vitest';
import { isDue, retryDelayMs } from './build-retry.util.js';

describe('retryDelayMs', () => {
  it('waits nothing before the first attempt and doubles after each failed one', () => {
    expect([0, 1, 2, 3].map((n) => retryDelayMs(n, 1000))).toEqual([0, 1000, 2000, 4000]);
    expect(retryDelayMs(40, 1000)).toBe(3_600_000);
  });
});

describe('isDue', () => {
  it('is due once the backoff since queueing has passed', () => {
    const queuedAt = new Date('2025-01-01T00:00:00Z');
    expect(isDue(queuedAt, 0, 1000, queuedAt)).toBe(true);
    expect(isDue(queuedAt, 2, 1000, new Date('2025-01-01T00:00:01.999Z'))).toBe(false);
    expect(isDue(queuedAt, 2, 1000, new Date('2025-01-01T00:00:02Z'))).toBe(true);
  });
});
