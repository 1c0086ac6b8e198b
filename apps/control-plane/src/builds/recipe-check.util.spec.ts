import { describe, expect, it } from 'vitest';
import { checkRecipe, type OnnxInput, type RecipeTarget } from './recipe-check.util.js';

const staticInput: OnnxInput[] = [{ name: 'images', dims: [1, 3, 640, 640] }];
const dynamicInput: OnnxInput[] = [{ name: 'images', dims: ['batch', 3, 'height', 'width'] }];
const orinNx: RecipeTarget = { module: 'orin-nx-16gb', dlaCores: 2, tensorrt: '10.3.0' };
const orinNano: RecipeTarget = { module: 'orin-nano-8gb', dlaCores: 0, tensorrt: '10.3.0' };
const xavierJp5: RecipeTarget = { module: 'xavier-nx-8gb', dlaCores: 2, tensorrt: '8.5.2' };
const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('checkRecipe', () => {
  it('accepts a plain FP16 recipe on a static model for any module', () => {
    expect(checkRecipe({ precision: 'FP16' }, staticInput, [orinNx, orinNano, xavierJp5], false)).toEqual([]);
  });

  it('refuses shapes on a static input, naming it', () => {
    const issues = checkRecipe(
      {
        precision: 'FP16',
        shapes: { input: 'images', min: [1, 3, 640, 640], opt: [1, 3, 640, 640], max: [1, 3, 640, 640] },
      },
      staticInput,
      [orinNx],
      false,
    );
    expect(codes(issues)).toEqual(['shapes_on_static_input']);
    expect(issues[0]?.message).toContain('"images" is static (1x3x640x640)');
  });

  it('requires shapes for a dynamic input, accepts matching ones, and refuses a fixed dim changed', () => {
    expect(codes(checkRecipe({ precision: 'FP16' }, dynamicInput, [orinNx], false))).toEqual([
      'dynamic_input_without_shapes',
    ]);
    const shapes = { input: 'images', min: [1, 3, 320, 320], opt: [1, 3, 640, 640], max: [4, 3, 1280, 1280] };
    expect(checkRecipe({ precision: 'FP16', shapes }, dynamicInput, [orinNx], false)).toEqual([]);
    expect(
      codes(
        checkRecipe({ precision: 'FP16', shapes: { ...shapes, opt: [1, 4, 640, 640] } }, dynamicInput, [orinNx], false),
      ),
    ).toContain('shape_fixed_dim');
    expect(
      codes(checkRecipe({ precision: 'FP16', shapes: { ...shapes, input: 'img' } }, dynamicInput, [orinNx], false)),
    ).toContain('unknown_input');
  });

  it('refuses INT8 without a calibration set unless the model is explicitly quantized', () => {
    expect(codes(checkRecipe({ precision: 'INT8' }, staticInput, [orinNx], false))).toEqual([
      'int8_without_calibration',
    ]);
    expect(checkRecipe({ precision: 'INT8' }, staticInput, [orinNx], true)).toEqual([]);
    expect(checkRecipe({ precision: 'INT8', explicitQuantization: true }, staticInput, [orinNx], false)).toEqual([]);
  });

  it('refuses DLA when a selected module has none, naming the modules', () => {
    const issues = checkRecipe(
      { precision: 'FP16', dlaCore: 0, gpuFallback: true },
      staticInput,
      [orinNx, orinNano],
      false,
    );
    expect(codes(issues)).toEqual(['dla_unavailable']);
    expect(issues[0]?.message).toContain('orin-nano-8gb');
    expect(
      checkRecipe({ precision: 'FP16', dlaCore: 1, gpuFallback: true }, staticInput, [orinNx, xavierJp5], false),
    ).toEqual([]);
  });

  it('passes on per-version problems from the trtexec translator with the version named', () => {
    const issues = checkRecipe({ precision: 'FP32', dlaCore: 0 }, staticInput, [orinNx], false);
    expect(codes(issues)).toContain('dla_needs_reduced_precision');
    expect(issues.find((i) => i.code === 'dla_needs_reduced_precision')?.message).toContain(
      'TensorRT 10.3.0 on orin-nx-16gb',
    );
  });
});
