import { describe, expect, it } from 'vitest';
import { checkRegisterInput, compactSimHints } from './model-version-input.util.js';

const SHA = 'ab'.repeat(32);
const valid = { modelName: 'yolov8n-coco', version: '1.0.0+rc1', onnxSha256: SHA };

describe('checkRegisterInput', () => {
  it('accepts a minimal and a full registration', () => {
    expect(checkRegisterInput(valid)).toEqual([]);
    expect(
      checkRegisterInput({
        ...valid,
        inputDescription: 'RGB 640x640, letterboxed, 0-1 scaled',
        calibrationSha256: SHA,
        goldenSha256: SHA,
        simHints: { fp32Ap50: 0.712, int8ExtraDrop: 0.004, latencyScale: 1.2, powerScale: 0.9 },
      }),
    ).toEqual([]);
  });

  it('names every bad field', () => {
    const problems = checkRegisterInput({
      modelName: '../etc',
      version: '',
      onnxSha256: 'XYZ',
      calibrationSha256: SHA.toUpperCase(),
      inputDescription: 'x'.repeat(2001),
      simHints: { fp32Ap50: 1.5, latencyScale: 0, powerScale: Number.NaN },
    });
    expect(problems.map((p) => p.field)).toEqual([
      'modelName',
      'version',
      'onnxSha256',
      'calibrationSha256',
      'inputDescription',
      'simHints.fp32Ap50',
      'simHints.latencyScale',
      'simHints.powerScale',
    ]);
  });
});

describe('compactSimHints', () => {
  it('keeps only set, known hints', () => {
    expect(compactSimHints({ fp32Ap50: 0.7, int8ExtraDrop: undefined })).toEqual({ fp32Ap50: 0.7 });
    expect(compactSimHints({})).toBeNull();
    expect(compactSimHints(null)).toBeNull();
  });
});
