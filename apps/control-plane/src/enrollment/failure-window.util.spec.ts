import { describe, expect, it } from 'vitest';
import { FailureWindow } from './failure-window.util.js';

describe('FailureWindow', () => {
  it('counts per key within a window and starts over after it', () => {
    const w = new FailureWindow(1000);
    expect(w.record('a', 0)).toBe(1);
    expect(w.record('a', 500)).toBe(2);
    expect(w.count('b', 500)).toBe(0);
    expect(w.count('a', 999)).toBe(2);
    expect(w.count('a', 1000)).toBe(0);
    expect(w.record('a', 1000)).toBe(1);
  });

  it('forgets the oldest keys beyond its size bound', () => {
    const w = new FailureWindow(1000, 2);
    w.record('a', 0);
    w.record('b', 0);
    w.record('c', 0);
    expect(w.count('a', 1)).toBe(0);
    expect(w.count('b', 1)).toBe(1);
    expect(w.count('c', 1)).toBe(1);
  });
});
