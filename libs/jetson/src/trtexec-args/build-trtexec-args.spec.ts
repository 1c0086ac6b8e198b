import { describe, expect, it } from 'vitest';
import type { BuildRecipe } from './build-recipe.types.js';
import { buildTrtexecArgs } from './build-trtexec-args.js';
import { TrtexecRecipeError } from './trtexec-recipe-error.js';

const recipe = (overrides: Partial<BuildRecipe> = {}): BuildRecipe => ({
  onnxPath: '/models/det.onnx',
  enginePath: '/engines/det.engine',
  precision: 'FP16',
  ...overrides,
});

const trt10 = { trtVersion: '10.3.0', moduleDlaCores: 2 };
const trt85 = { trtVersion: '8.5.2.2', moduleDlaCores: 2 };
const trt82 = { trtVersion: '8.2.1', moduleDlaCores: 0 };

describe('buildTrtexecArgs', () => {
  it('builds a minimal FP16 command', () => {
    expect(buildTrtexecArgs(recipe(), trt10)).toEqual([
      '--onnx=/models/det.onnx',
      '--saveEngine=/engines/det.engine',
      '--fp16',
    ]);
  });

  it.each([
    ['FP32', []],
    ['FP16', ['--fp16']],
    ['BEST', ['--best']],
  ] as const)('maps %s precision', (precision, flags) => {
    expect(buildTrtexecArgs(recipe({ precision }), trt10).slice(2)).toEqual(flags);
  });

  it('enables FP16 alongside INT8 and passes the calibration cache', () => {
    expect(
      buildTrtexecArgs(recipe({ precision: 'INT8', calibrationCachePath: '/c/det.cache' }), trt10).slice(2),
    ).toEqual(['--fp16', '--int8', '--calib=/c/det.cache']);
  });

  it('builds INT8 from an explicitly quantized model without a cache', () => {
    expect(buildTrtexecArgs(recipe({ precision: 'INT8', explicitQuantization: true }), trt10)).not.toContainEqual(
      expect.stringMatching(/^--calib/),
    );
  });

  it('formats the dynamic-shape profile', () => {
    const args = buildTrtexecArgs(
      recipe({ shapes: { input: 'images', min: [1, 3, 320, 320], opt: [1, 3, 640, 640], max: [4, 3, 640, 640] } }),
      trt10,
    );
    expect(args).toEqual(
      expect.arrayContaining([
        '--minShapes=images:1x3x320x320',
        '--optShapes=images:1x3x640x640',
        '--maxShapes=images:4x3x640x640',
      ]),
    );
  });

  it('adds DLA and GPU fallback', () => {
    const args = buildTrtexecArgs(recipe({ dlaCore: 1, gpuFallback: true }), trt85);
    expect(args.slice(-2)).toEqual(['--useDLACore=1', '--allowGPUFallback']);
  });

  describe('per TensorRT version', () => {
    const full = recipe({ memPoolMiB: 2048, timingCachePath: '/c/timing.cache', cudaGraph: true, skipInference: true });

    it('TRT 10 uses --memPoolSize with a unit and --skipInference, never --workspace/--explicitBatch/--buildOnly', () => {
      const args = buildTrtexecArgs(full, trt10);
      expect(args).toEqual([
        '--onnx=/models/det.onnx',
        '--saveEngine=/engines/det.engine',
        '--fp16',
        '--memPoolSize=workspace:2048M',
        '--timingCacheFile=/c/timing.cache',
        '--useCudaGraph',
        '--skipInference',
      ]);
      expect(args.join(' ')).not.toMatch(/--workspace|--explicitBatch|--buildOnly|--batch/);
    });

    it('TRT 8.5 uses --memPoolSize in bare MiB and --buildOnly', () => {
      const args = buildTrtexecArgs(full, trt85);
      expect(args).toContain('--memPoolSize=workspace:2048');
      expect(args).toContain('--buildOnly');
      expect(args).not.toContain('--explicitBatch');
    });

    it('TRT 8.6 switches to --skipInference', () => {
      expect(buildTrtexecArgs(full, { trtVersion: '8.6.2', moduleDlaCores: 2 })).toContain('--skipInference');
    });

    it('TRT 8.2 uses --workspace and --explicitBatch', () => {
      const args = buildTrtexecArgs(full, trt82);
      expect(args).toContain('--workspace=2048');
      expect(args).toContain('--explicitBatch');
      expect(args.join(' ')).not.toContain('--memPoolSize');
    });

    it('accepts the trtexec banner integer form', () => {
      expect(buildTrtexecArgs(full, { trtVersion: '100300', moduleDlaCores: 0 })).toContain(
        '--memPoolSize=workspace:2048M',
      );
      expect(buildTrtexecArgs(full, { trtVersion: '8201', moduleDlaCores: 0 })).toContain('--workspace=2048');
    });
  });

  it('throws every validation problem at once', () => {
    try {
      buildTrtexecArgs(recipe({ precision: 'INT8', dlaCore: 0 }), trt82);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TrtexecRecipeError);
      const recipeError = error as TrtexecRecipeError;
      expect(recipeError.code).toBe('INVALID_RECIPE');
      expect(recipeError.problems.map((p) => p.code)).toEqual(['int8_without_calibration', 'dla_unavailable']);
    }
  });
});
