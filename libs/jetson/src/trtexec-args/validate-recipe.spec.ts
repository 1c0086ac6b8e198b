import { describe, expect, it } from 'vitest';
import type { BuildRecipe } from './build-recipe.types.js';
import { validateRecipe } from './validate-recipe.js';

const recipe = (overrides: Partial<BuildRecipe> = {}): BuildRecipe => ({
  onnxPath: 'det.onnx',
  enginePath: 'det.engine',
  precision: 'FP16',
  ...overrides,
});

const agxOrin = { trtVersion: '10.3.0', moduleDlaCores: 2 };
const orinNano = { trtVersion: '10.3.0', moduleDlaCores: 0 };
const codes = (r: BuildRecipe, target = agxOrin): string[] => validateRecipe(r, target).map((p) => p.code);

describe('validateRecipe', () => {
  it('accepts a plain FP16 recipe', () => {
    expect(validateRecipe(recipe(), agxOrin)).toEqual([]);
  });

  it('rejects INT8 without calibration or explicit quantization', () => {
    expect(codes(recipe({ precision: 'INT8' }))).toEqual(['int8_without_calibration']);
    expect(codes(recipe({ precision: 'INT8', calibrationCachePath: 'c.cache' }))).toEqual([]);
    expect(codes(recipe({ precision: 'INT8', explicitQuantization: true }))).toEqual([]);
  });

  it('flags calibration or Q/DQ without INT8', () => {
    expect(codes(recipe({ calibrationCachePath: 'c.cache' }))).toEqual(['calibration_unused']);
    expect(codes(recipe({ precision: 'FP32', explicitQuantization: true }))).toEqual([
      'explicit_quantization_needs_int8',
    ]);
  });

  it('rejects DLA on a module without DLA', () => {
    expect(codes(recipe({ dlaCore: 0 }), orinNano)).toEqual(['dla_unavailable']);
  });

  it('rejects a DLA core the module lacks, FP32 on DLA, and fallback without DLA', () => {
    expect(codes(recipe({ dlaCore: 2 }))).toEqual(['dla_core_out_of_range']);
    expect(codes(recipe({ dlaCore: 1 }), { trtVersion: '8.5.2', moduleDlaCores: 1 })).toEqual([
      'dla_core_out_of_range',
    ]);
    expect(codes(recipe({ precision: 'FP32', dlaCore: 0 }))).toEqual(['dla_needs_reduced_precision']);
    expect(codes(recipe({ gpuFallback: true }))).toEqual(['gpu_fallback_without_dla']);
  });

  it('checks shape ordering, rank and values', () => {
    const shapes = { input: 'images', min: [1, 3, 640, 640], opt: [1, 3, 640, 640], max: [1, 3, 640, 640] };
    expect(codes(recipe({ shapes }))).toEqual([]);
    expect(codes(recipe({ shapes: { ...shapes, min: [2, 3, 640, 640] } }))).toEqual(['bad_shapes']);
    expect(codes(recipe({ shapes: { ...shapes, max: [1, 3, 640] } }))).toEqual(['bad_shapes']);
    expect(codes(recipe({ shapes: { ...shapes, opt: [1, 3, 0, 640], min: [1, 3, 0, 640] } }))).toContain('bad_shapes');
    expect(codes(recipe({ shapes: { ...shapes, input: 'a,b' } }))).toEqual(['bad_shapes']);
  });

  it('rejects a bad memory pool, empty paths and unsupported TensorRT', () => {
    expect(codes(recipe({ memPoolMiB: 0 }))).toEqual(['bad_mem_pool']);
    expect(codes(recipe({ onnxPath: ' ', enginePath: '' }))).toEqual(['missing_path', 'missing_path']);
    expect(codes(recipe(), { trtVersion: '7.1.3', moduleDlaCores: 2 })).toEqual(['unsupported_trt_version']);
    expect(codes(recipe(), { trtVersion: 'latest', moduleDlaCores: 2 })).toEqual(['unsupported_trt_version']);
  });

  it('explains each problem in words', () => {
    const [problem] = validateRecipe(recipe({ dlaCore: 0 }), orinNano);
    expect(problem?.message).toMatch(/no DLA/);
  });
});
