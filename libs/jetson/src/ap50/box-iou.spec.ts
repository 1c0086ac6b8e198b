import { describe, expect, it } from 'vitest';
import { boxIou } from './box-iou.util.js';

describe('boxIou', () => {
  it('computes intersection over union for [x,y,w,h] boxes', () => {
    // Overlap [5,5]-[10,10] = 25; union 100 + 100 - 25 = 175.
    expect(boxIou([0, 0, 10, 10], [5, 5, 10, 10], false)).toBeCloseTo(25 / 175, 12);
  });

  it('is 0 for touching or disjoint boxes', () => {
    expect(boxIou([0, 0, 10, 10], [10, 0, 10, 10], false)).toBe(0);
    expect(boxIou([0, 0, 10, 10], [50, 50, 1, 1], false)).toBe(0);
  });

  it('uses the detection area as the union against a crowd region', () => {
    // Detection [0,0,10,10] half inside crowd [5,0,100,100]: 50 / 100.
    expect(boxIou([0, 0, 10, 10], [5, 0, 100, 100], true)).toBe(0.5);
  });

  it('is 0 for degenerate boxes', () => {
    expect(boxIou([0, 0, 0, 0], [0, 0, 0, 0], false)).toBe(0);
  });
});
