import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

const opts = { initialMs: 500, maxMs: 30_000, jitter: 0.5 };

describe('backoffDelay', () => {
  it('doubles per attempt up to the cap', () => {
    const top = (n: number) => backoffDelay(n, opts, () => 1);
    expect([0, 1, 2, 3].map(top)).toEqual([500, 1000, 2000, 4000]);
    expect(top(20)).toBe(30_000);
  });

  it('jitters downward by at most the jitter fraction', () => {
    expect(backoffDelay(3, opts, () => 0)).toBe(2000);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(3000);
  });
});
