import { describe, expect, it } from 'vitest';
import { decideForClass } from './schedule-decision.util.js';

describe('decideForClass', () => {
  it('reuses a succeeded or live build, never making a second one for the class', () => {
    expect(decideForClass({ state: 'succeeded' }, false)).toBe('fetch');
    for (const state of ['queued', 'dispatched', 'building']) expect(decideForClass({ state }, true)).toBe('join');
  });

  it('builds anew when there is no build or the last was cancelled, whatever the fallback', () => {
    expect(decideForClass(undefined, true)).toBe('create');
    expect(decideForClass({ state: 'cancelled' }, true)).toBe('create');
  });

  it('falls back to local builds after a failure only when allowed', () => {
    expect(decideForClass({ state: 'failed' }, false)).toBe('create');
    expect(decideForClass({ state: 'timed_out' }, true)).toBe('local');
    expect(decideForClass({ state: 'failed' }, true)).toBe('local');
  });
});
