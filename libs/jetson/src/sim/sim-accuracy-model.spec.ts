import { describe, expect, it } from 'vitest';
import { estimateAp50 } from './sim-accuracy-model.js';
import { SimRandom } from './sim-random.util.js';

describe('estimateAp50', () => {
  const hints = { fp32Ap50: 0.6 };

  it('keeps FP32 at the hint and drops FP16 slightly', () => {
    expect(estimateAp50({ precision: 'FP32', calibration: 'none', hints })).toBe(0.6);
    const fp16 = estimateAp50({ precision: 'FP16', calibration: 'none', hints });
    expect(fp16).toBeLessThan(0.6);
    expect(fp16).toBeGreaterThan(0.599);
  });

  it('drops calibrated INT8 by about a point, plus the model extra', () => {
    expect(estimateAp50({ precision: 'INT8', calibration: 'calibrated', hints })).toBeCloseTo(0.59, 6);
    expect(
      estimateAp50({ precision: 'INT8', calibration: 'calibrated', hints: { ...hints, int8ExtraDrop: 0.02 } }),
    ).toBeCloseTo(0.57, 6);
  });

  it('barely drops explicitly quantized INT8 (yolo_deepstream QAT 0.6962 vs 0.6973)', () => {
    expect(estimateAp50({ precision: 'INT8', calibration: 'explicit' })).toBeCloseTo(0.6962, 6);
  });

  it('collapses INT8 built with placeholder ranges', () => {
    expect(estimateAp50({ precision: 'INT8', calibration: 'none', hints })).toBeLessThan(0.05);
  });

  it('adds small seeded noise, reproducibly', () => {
    const a = estimateAp50({ precision: 'FP16', calibration: 'none', hints, random: new SimRandom(4) });
    const b = estimateAp50({ precision: 'FP16', calibration: 'none', hints, random: new SimRandom(4) });
    expect(a).toBe(b);
    expect(Math.abs(a - 0.5995)).toBeLessThanOrEqual(0.001);
  });
});
