import { describe, expect, it } from 'vitest';
import { cumulativeStageTarget, plannedStageSizes } from './stage-size.util.js';
import type { StageInput } from './stages-input.schema.js';

const pct = (...ps: number[]): StageInput[] => ps.map((percent) => ({ percent, bakeSec: 0 }));

describe('plannedStageSizes', () => {
  it.each<[number, StageInput[], number[]]>([
    [50, pct(5, 25, 100), [3, 10, 37]],
    [20, pct(5, 25, 100), [1, 4, 15]],
    [10, pct(20, 100), [2, 8]],
    [3, pct(5, 100), [1, 2]],
    [1, pct(5, 25, 100), [1, 0, 0]],
    [0, pct(5, 25, 100), [0, 0, 0]],
    [1000, pct(0.1, 1, 100), [1, 9, 990]],
    [10, [{ count: 5, bakeSec: 0 }, ...pct(25, 100)], [5, 0, 5]],
    [3, [{ count: 5, bakeSec: 0 }, ...pct(100)], [3, 0]],
    [100, [{ count: 2, bakeSec: 0 }, { count: 10, bakeSec: 0 }, ...pct(50, 100)], [2, 8, 40, 50]],
  ])('of %d devices over %j: %j', (total, stages, sizes) => {
    const got = plannedStageSizes(total, stages);
    expect(got).toEqual(sizes);
    expect(got.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('never shrinks and ends at the whole target', () => {
    const stages = [{ count: 40, bakeSec: 0 }, ...pct(10, 100)];
    expect([0, 1, 2].map((i) => cumulativeStageTarget(100, stages, i))).toEqual([40, 40, 100]);
  });
});
