import type { BuildRecipeInput } from '@jetfleet/protocol';

/** The device facts an engine's validity depends on (reported in the birth message). */
export interface EngineTarget {
  smArch: string | null;
  tensorrt: string | null;
}

/**
 * Compatibility class of an engine: a serialized TensorRT engine only deserializes on the GPU
 * SM arch and exact TensorRT version it was built with, and it bakes in precision, DLA core,
 * the optimisation profile and plugins. Devices with equal keys can share one engine.
 * Null when the device did not report what the key needs: it cannot share, only build locally.
 */
export function compatKey(target: EngineTarget, recipe: BuildRecipeInput): string | null {
  if (!target.smArch || !target.tensorrt) return null;
  const shapes = recipe.shapes
    ? `${recipe.shapes.input}=${recipe.shapes.min.join('x')}/${recipe.shapes.opt.join('x')}/${recipe.shapes.max.join('x')}`
    : 'static';
  const engine = recipe.dlaCore === undefined ? 'gpu' : `dla${recipe.dlaCore}${recipe.gpuFallback ? '+gpu' : ''}`;
  return [
    `sm${target.smArch}`,
    `trt${target.tensorrt}`,
    recipe.precision,
    engine,
    `shapes:${shapes}`,
    'plugins:none',
  ].join('|');
}
