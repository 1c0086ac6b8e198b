import type { BuildRecipe, RecipeShapes, TrtexecTarget } from './build-recipe.types.js';
import type { RecipeProblem, RecipeProblemCode } from './recipe-problem.types.js';
import { parseTrtVersion } from './trt-version.util.js';

/** Everything wrong with a recipe for a target; empty when `buildTrtexecArgs` will accept it. */
export function validateRecipe(recipe: BuildRecipe, target: TrtexecTarget): RecipeProblem[] {
  const problems: RecipeProblem[] = [];
  const add = (code: RecipeProblemCode, message: string): void => {
    problems.push({ code, message });
  };

  const version = parseTrtVersion(target.trtVersion);
  if (version === null || version.major < 8 || version.major > 10) {
    add('unsupported_trt_version', `TensorRT ${target.trtVersion} is not supported (expected 8.x or 10.x)`);
  }
  if (recipe.onnxPath.trim() === '') add('missing_path', 'onnxPath is empty');
  if (recipe.enginePath.trim() === '') add('missing_path', 'enginePath is empty');

  const int8 = recipe.precision === 'INT8' || recipe.precision === 'BEST';
  if (
    recipe.precision === 'INT8' &&
    recipe.calibrationCachePath === undefined &&
    recipe.explicitQuantization !== true
  ) {
    // Without a cache trtexec uses placeholder dynamic ranges: the engine is fast but its accuracy is meaningless.
    add('int8_without_calibration', 'INT8 needs calibrationCachePath or an explicitly quantized (Q/DQ) model');
  }
  if (recipe.calibrationCachePath !== undefined && !int8) {
    add('calibration_unused', `calibrationCachePath has no effect at ${recipe.precision}`);
  }
  if (recipe.explicitQuantization === true && !int8) {
    add('explicit_quantization_needs_int8', 'an explicitly quantized model must be built with INT8 enabled');
  }

  if (recipe.dlaCore !== undefined) {
    if (target.moduleDlaCores <= 0) {
      add('dla_unavailable', 'dlaCore is set but this module has no DLA');
    } else if (!Number.isInteger(recipe.dlaCore) || recipe.dlaCore < 0 || recipe.dlaCore >= target.moduleDlaCores) {
      add('dla_core_out_of_range', `dlaCore ${recipe.dlaCore} is not in 0..${target.moduleDlaCores - 1}`);
    }
    if (recipe.precision === 'FP32') add('dla_needs_reduced_precision', 'DLA runs only FP16 or INT8');
  } else if (recipe.gpuFallback === true) {
    add('gpu_fallback_without_dla', 'gpuFallback only applies with dlaCore');
  }

  if (recipe.shapes !== undefined) {
    for (const message of shapeProblems(recipe.shapes)) add('bad_shapes', message);
  }
  if (recipe.memPoolMiB !== undefined && !(Number.isInteger(recipe.memPoolMiB) && recipe.memPoolMiB > 0)) {
    add('bad_mem_pool', `memPoolMiB must be a positive integer, got ${recipe.memPoolMiB}`);
  }
  return problems;
}

function shapeProblems(shapes: RecipeShapes): string[] {
  const problems: string[] = [];
  if (shapes.input.trim() === '' || /[,']/.test(shapes.input)) {
    problems.push(`shape input name "${shapes.input}" must be non-empty without commas or quotes`);
  }
  const sets = { min: shapes.min, opt: shapes.opt, max: shapes.max };
  for (const [name, dims] of Object.entries(sets)) {
    if (dims.length === 0 || !dims.every((d) => Number.isInteger(d) && d > 0)) {
      problems.push(`shapes.${name} must be positive integers`);
    }
  }
  if (shapes.min.length !== shapes.opt.length || shapes.opt.length !== shapes.max.length) {
    problems.push('shapes.min, opt and max must have the same rank');
    return problems;
  }
  shapes.opt.forEach((opt, i) => {
    const min = shapes.min[i] ?? 0;
    const max = shapes.max[i] ?? 0;
    if (!(min <= opt && opt <= max))
      problems.push(`shapes dim ${i} must satisfy min <= opt <= max (${min}, ${opt}, ${max})`);
  });
  return problems;
}
