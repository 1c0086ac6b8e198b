import { describe, expect, it } from 'vitest';
import { formatPair } from './gate-format.util.js';

describe('formatPair', () => {
  it.each([
    [1.32, 1.2, 2, ['1.32', '1.20']],
    [1.2001, 1.2, 2, ['1.2001', '1.2000']],
    [0.046, 0.01, 3, ['0.046', '0.010']],
    [15.00001, 15, 1, ['15.00001', '15.00000']],
  ])('formats %d against %d so the two never read the same', (value, limit, digits, expected) => {
    expect(formatPair(value, limit, digits)).toEqual(expected);
  });
});
