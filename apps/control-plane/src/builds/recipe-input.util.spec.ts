import { buildRecipeSchema } from '@jetfleet/protocol';
import { describe, expect, it } from 'vitest';
import { withoutNulls } from './recipe-input.util.js';

describe('withoutNulls', () => {
  it('turns a GraphQL recipe input into what the protocol schema accepts', () => {
    const input = {
      precision: 'INT8',
      calibration: { method: null },
      shapes: { input: 'images', min: [1, 3, 320, 320], opt: [1, 3, 640, 640], max: [4, 3, 640, 640] },
      dlaCore: null,
      cudaGraph: undefined,
    };
    expect(buildRecipeSchema.parse(withoutNulls(input))).toEqual({
      precision: 'INT8',
      calibration: { method: 'entropy2' },
      shapes: { input: 'images', min: [1, 3, 320, 320], opt: [1, 3, 640, 640], max: [4, 3, 640, 640] },
    });
  });
});
