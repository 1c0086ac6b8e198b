import { describe, expect, it } from 'vitest';
import { estimateBuildSeconds, type SimBuildTimeInput } from './sim-build-time-model.js';

const base: SimBuildTimeInput = {
  moduleId: 'orin-nano-8gb-super',
  gpuMHz: 1020,
  precision: 'FP16',
  calibration: 'none',
  inputSize: 640,
};

describe('estimateBuildSeconds (reference §5.4 build costs)', () => {
  it('puts an FP16 YOLO build on Orin within 3–10 minutes', () => {
    const seconds = estimateBuildSeconds(base);
    expect(seconds).toBeGreaterThan(180);
    expect(seconds).toBeLessThan(600);
  });

  it('makes a calibrated INT8 build on AGX Xavier take tens of minutes for a larger model', () => {
    const seconds = estimateBuildSeconds({
      ...base,
      moduleId: 'agx-xavier-32gb',
      gpuMHz: 1377,
      precision: 'INT8',
      calibration: 'calibrated',
      hints: { latencyScale: 3 },
    });
    expect(seconds).toBeGreaterThan(15 * 60);
    expect(seconds).toBeLessThan(45 * 60);
  });

  it('is slower on a Nano, faster with a warm timing cache, and scaled by timeFactor', () => {
    const orin = estimateBuildSeconds(base);
    expect(estimateBuildSeconds({ ...base, moduleId: 'nano-4gb', gpuMHz: 921.6 })).toBeGreaterThan(orin);
    expect(estimateBuildSeconds({ ...base, timingCacheWarm: true })).toBeCloseTo(orin * 0.3, 6);
    expect(estimateBuildSeconds({ ...base, timeFactor: 0.01 })).toBeCloseTo(orin / 100, 6);
    expect(estimateBuildSeconds({ ...base, precision: 'FP32' })).toBeLessThan(orin);
  });
});
