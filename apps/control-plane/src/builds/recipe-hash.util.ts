import { createHash } from 'node:crypto';
import type { BuildRecipeInput } from '@jetfleet/protocol';

/**
 * JSON with object keys sorted at every level and undefined members dropped, so two spellings
 * of one value serialise identically. Array order is kept: it is meaningful (shape dims).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Identity of a recipe: sha256 of its canonical JSON (of the parsed recipe, defaults applied). */
export function recipeHash(recipe: BuildRecipeInput): string {
  return createHash('sha256').update(canonicalJson(recipe)).digest('hex');
}
