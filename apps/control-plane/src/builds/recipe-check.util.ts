import { validateRecipe } from '@jetfleet/jetson';
import type { BuildRecipeInput } from '@jetfleet/protocol';

/** An ONNX graph input as the recipe check needs it: a dim is a number (static) or not (dynamic). */
export interface OnnxInput {
  name: string;
  dims: (number | string | null)[];
}

/** One distinct kind of target device among those selected. */
export interface RecipeTarget {
  module: string;
  dlaCores: number;
  tensorrt: string | null;
}

export interface RecipeIssue {
  code: string;
  message: string;
}

const isDynamic = (input: OnnxInput): boolean => input.dims.some((d) => typeof d !== 'number' || d <= 0);

/**
 * Everything that makes a recipe unable to work for the model and the selected devices, found
 * before anything is scheduled: shapes only on a dynamic input (and required for one), INT8
 * needs a calibration set or a Q/DQ model, DLA only on modules that have it, plus the per-version
 * trtexec checks from libs/jetson.
 */
export function checkRecipe(
  recipe: BuildRecipeInput,
  inputs: OnnxInput[],
  targets: RecipeTarget[],
  hasCalibrationSet: boolean,
): RecipeIssue[] {
  const issues: RecipeIssue[] = [];
  const dynamic = inputs.filter(isDynamic);
  if (recipe.shapes) {
    const input = inputs.find((i) => i.name === recipe.shapes?.input);
    if (!input) {
      issues.push({
        code: 'unknown_input',
        message: `shapes name input "${recipe.shapes.input}", but the model's inputs are ${inputs.map((i) => `"${i.name}"`).join(', ')}`,
      });
    } else if (!isDynamic(input)) {
      issues.push({
        code: 'shapes_on_static_input',
        message: `input "${input.name}" is static (${input.dims.join('x')}); min/opt/max shapes apply only to dynamic inputs`,
      });
    } else if (recipe.shapes.opt.length !== input.dims.length) {
      issues.push({
        code: 'shape_rank_mismatch',
        message: `input "${input.name}" has rank ${input.dims.length}, shapes have rank ${recipe.shapes.opt.length}`,
      });
    } else {
      input.dims.forEach((d, i) => {
        if (
          typeof d === 'number' &&
          d > 0 &&
          (recipe.shapes?.opt[i] !== d || recipe.shapes.min[i] !== d || recipe.shapes.max[i] !== d)
        ) {
          issues.push({ code: 'shape_fixed_dim', message: `input "${input.name}" dim ${i} is fixed at ${d}` });
        }
      });
    }
  }
  for (const input of dynamic) {
    if (recipe.shapes?.input !== input.name) {
      issues.push({
        code: 'dynamic_input_without_shapes',
        message: `input "${input.name}" is dynamic and needs min/opt/max shapes`,
      });
    }
  }
  const int8 = recipe.precision === 'INT8';
  if (int8 && !recipe.explicitQuantization && !hasCalibrationSet) {
    issues.push({
      code: 'int8_without_calibration',
      message: 'INT8 needs a calibration dataset on the model version or an explicitly quantized (Q/DQ) model',
    });
  }
  if (recipe.calibration && !hasCalibrationSet) {
    issues.push({
      code: 'calibration_missing',
      message: 'the recipe asks for calibration but the model version has no calibration dataset',
    });
  }

  const noDla = [...new Set(targets.filter((t) => t.dlaCores === 0).map((t) => t.module))];
  if (recipe.dlaCore !== undefined && noDla.length) {
    issues.push({
      code: 'dla_unavailable',
      message: `dlaCore is set but these selected modules have no DLA: ${noDla.join(', ')}`,
    });
  }
  // Per-version checks (flag support, DLA core range, shape ordering) from the trtexec translator.
  const seen = new Set<string>();
  for (const t of targets) {
    if (!t.tensorrt) continue;
    const probe = `${t.tensorrt}/${t.dlaCores}`;
    if (seen.has(probe)) continue;
    seen.add(probe);
    const problems = validateRecipe(
      {
        onnxPath: 'model.onnx',
        enginePath: 'model.engine',
        precision: recipe.precision,
        ...(int8 && hasCalibrationSet ? { calibrationCachePath: 'calib.cache' } : {}),
        ...(recipe.explicitQuantization ? { explicitQuantization: true } : {}),
        ...(recipe.shapes ? { shapes: recipe.shapes } : {}),
        ...(recipe.dlaCore !== undefined && t.dlaCores > 0 ? { dlaCore: recipe.dlaCore } : {}),
        ...(recipe.gpuFallback !== undefined && recipe.dlaCore !== undefined && t.dlaCores > 0
          ? { gpuFallback: recipe.gpuFallback }
          : {}),
        ...(recipe.memPoolMiB !== undefined ? { memPoolMiB: recipe.memPoolMiB } : {}),
      },
      { trtVersion: t.tensorrt, moduleDlaCores: t.dlaCores },
    );
    for (const p of problems) {
      if (p.code === 'int8_without_calibration' || p.code === 'dla_unavailable') continue; // reported above, once
      const message = `${p.message} (TensorRT ${t.tensorrt} on ${t.module})`;
      if (!issues.some((i) => i.code === p.code && i.message === message)) issues.push({ code: p.code, message });
    }
  }
  if (recipe.gpuFallback && recipe.dlaCore === undefined) {
    if (!issues.some((i) => i.code === 'gpu_fallback_without_dla')) {
      issues.push({ code: 'gpu_fallback_without_dla', message: 'gpuFallback only applies with dlaCore' });
    }
  }
  return issues;
}
