import { describe, expect, it } from 'vitest';
import { parseTrtVersion, trtAtLeast } from './trt-version.util.js';

describe('parseTrtVersion', () => {
  it.each([
    ['8.5.2', { major: 8, minor: 5, patch: 2 }],
    ['8.5.2.2', { major: 8, minor: 5, patch: 2 }],
    ['10.3', { major: 10, minor: 3, patch: 0 }],
    ['v100300', { major: 10, minor: 3, patch: 0 }],
    ['101602', { major: 10, minor: 16, patch: 2 }],
    ['8201', { major: 8, minor: 2, patch: 1 }],
    ['8001', { major: 8, minor: 0, patch: 1 }],
  ])('reads %s', (text, expected) => expect(parseTrtVersion(text)).toEqual(expected));

  it('returns null for garbage', () => expect(parseTrtVersion('ten')).toBeNull());

  it('compares versions', () => {
    expect(trtAtLeast({ major: 8, minor: 6, patch: 2 }, 8, 6)).toBe(true);
    expect(trtAtLeast({ major: 8, minor: 5, patch: 2 }, 8, 6)).toBe(false);
    expect(trtAtLeast({ major: 10, minor: 0, patch: 0 }, 8, 6)).toBe(true);
  });
});
