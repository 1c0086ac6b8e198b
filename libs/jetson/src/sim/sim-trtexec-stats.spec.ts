import { describe, expect, it } from 'vitest';
import { formatG6, summarize } from './sim-trtexec-stats.util.js';

describe('formatG6', () => {
  it.each([
    [6.522741, '6.52274'],
    [225.3, '225.3'],
    [184.7, '184.7'],
    [0.000123456, '0.000123456'],
    [0.0000123, '1.23e-05'],
    [1234567, '1.23457e+06'],
    [3, '3'],
    [0, '0'],
  ])('%d → %s', (value, text) => expect(formatG6(value)).toBe(text));
});

describe('summarize', () => {
  it('takes p99 = max with ≤ 100 queries, like trtexec', () => {
    const stats = summarize([5, 1, 4, 2, 3]);
    expect(stats).toMatchObject({ min: 1, max: 5, mean: 3, median: 3 });
    expect(stats.percentile(99)).toBe(5);
    expect(stats.percentile(90)).toBe(5);
  });
});
