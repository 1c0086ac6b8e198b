export type { BuildRecipe, RecipePrecision, RecipeShapes, TrtexecTarget } from './build-recipe.types.js';
export { buildTrtexecArgs } from './build-trtexec-args.js';
export type { RecipeProblem, RecipeProblemCode } from './recipe-problem.types.js';
export { TrtexecRecipeError } from './trtexec-recipe-error.js';
export { validateRecipe } from './validate-recipe.js';
