import { buildRecipeSchema } from '@jetfleet/protocol';
import { describe, expect, it } from 'vitest';
import { canonicalJson, recipeHash } from './recipe-hash.util.js';

describe('canonicalJson', () => {
  it('sorts keys at every level, drops undefined and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: undefined, b: null } })).toBe('{"a":{"b":null,"d":[3,1]},"b":1}');
  });
});

describe('recipeHash', () => {
  it('is equal for the same recipe written in another key order', () => {
    const a = buildRecipeSchema.parse({ precision: 'INT8', calibration: { method: 'minmax' }, cudaGraph: true });
    const b = buildRecipeSchema.parse({ cudaGraph: true, calibration: { method: 'minmax' }, precision: 'INT8' });
    expect(recipeHash(a)).toBe(recipeHash(b));
    expect(recipeHash(a)).toMatch(/^[a-f0-9]{64}$/);
  });

  it('treats a defaulted field like the spelled-out default, and differs for any real change', () => {
    const defaulted = buildRecipeSchema.parse({ precision: 'INT8', calibration: {} });
    const explicit = buildRecipeSchema.parse({ precision: 'INT8', calibration: { method: 'entropy2' } });
    expect(recipeHash(defaulted)).toBe(recipeHash(explicit));
    expect(recipeHash({ precision: 'FP16' })).not.toBe(recipeHash({ precision: 'FP16', cudaGraph: true }));
  });
});
