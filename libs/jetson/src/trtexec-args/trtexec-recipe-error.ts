import type { RecipeProblem } from './recipe-problem.types.js';

/** Thrown by `buildTrtexecArgs` when `validateRecipe` finds problems; carries every problem, not just the first. */
export class TrtexecRecipeError extends Error {
  readonly code = 'INVALID_RECIPE';

  constructor(readonly problems: readonly RecipeProblem[]) {
    super(`invalid TensorRT build recipe: ${problems.map((p) => p.message).join('; ')}`);
    this.name = 'TrtexecRecipeError';
  }
}
