import type { BuildRecipe, RecipeShapes, TrtexecTarget } from './build-recipe.types.js';
import { TrtexecRecipeError } from './trtexec-recipe-error.js';
import { parseTrtVersion, trtAtLeast, type TrtVersion } from './trt-version.util.js';
import { validateRecipe } from './validate-recipe.js';

/**
 * trtexec arguments (without the program name) for a recipe on a TensorRT version. Throws
 * `TrtexecRecipeError` with every problem `validateRecipe` finds.
 */
export function buildTrtexecArgs(recipe: BuildRecipe, target: TrtexecTarget): string[] {
  const problems = validateRecipe(recipe, target);
  const version = parseTrtVersion(target.trtVersion);
  if (problems.length > 0 || version === null) throw new TrtexecRecipeError(problems);

  const args = [`--onnx=${recipe.onnxPath}`, `--saveEngine=${recipe.enginePath}`];
  // 8.4+ enable explicit batch by themselves for ONNX (and warn on the flag); 10.x rejects it as unknown.
  if (!trtAtLeast(version, 8, 4)) args.push('--explicitBatch');
  args.push(...precisionArgs(recipe));
  if (recipe.calibrationCachePath !== undefined) args.push(`--calib=${recipe.calibrationCachePath}`);
  if (recipe.shapes !== undefined) args.push(...shapeArgs(recipe.shapes));
  if (recipe.dlaCore !== undefined) {
    args.push(`--useDLACore=${recipe.dlaCore}`);
    if (recipe.gpuFallback === true) args.push('--allowGPUFallback');
  }
  if (recipe.memPoolMiB !== undefined) args.push(memPoolArg(recipe.memPoolMiB, version));
  if (recipe.timingCachePath !== undefined) args.push(`--timingCacheFile=${recipe.timingCachePath}`);
  if (recipe.cudaGraph === true) args.push('--useCudaGraph');
  if (recipe.skipInference === true) args.push(trtAtLeast(version, 8, 6) ? '--skipInference' : '--buildOnly');
  return args;
}

function precisionArgs(recipe: BuildRecipe): string[] {
  switch (recipe.precision) {
    case 'FP32':
      return [];
    case 'FP16':
      return ['--fp16'];
    case 'INT8':
      // FP16 too, so layers TensorRT cannot run in INT8 fall back to FP16 rather than FP32.
      return ['--fp16', '--int8'];
    case 'BEST':
      return ['--best'];
  }
}

function shapeArgs(shapes: RecipeShapes): string[] {
  const spec = (dims: readonly number[]): string => `${shapes.input}:${dims.join('x')}`;
  return [`--minShapes=${spec(shapes.min)}`, `--optShapes=${spec(shapes.opt)}`, `--maxShapes=${spec(shapes.max)}`];
}

function memPoolArg(mib: number, version: TrtVersion): string {
  // --workspace is removed in 10.x; 8.4–8.6 take --memPoolSize in bare MiB, 10.x accepts unit suffixes.
  if (!trtAtLeast(version, 8, 4)) return `--workspace=${mib}`;
  return version.major >= 10 ? `--memPoolSize=workspace:${mib}M` : `--memPoolSize=workspace:${mib}`;
}
