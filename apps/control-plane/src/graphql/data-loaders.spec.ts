import { describe, expect, it } from 'vitest';
import { LoaderRegistry } from './data-loaders.js';

describe('LoaderRegistry', () => {
  it('batches loads of one request into one call and keeps requests apart', async () => {
    const calls: (readonly string[])[] = [];
    const registry = new LoaderRegistry();
    registry.register<string, number>('len', (keys) => {
      calls.push(keys);
      return Promise.resolve(keys.map((k) => k.length));
    });
    const a = registry.forRequest();
    expect(await Promise.all(['x', 'yy', 'zzz'].map((k) => a.get<string, number>('len').load(k)))).toEqual([1, 2, 3]);
    expect(calls).toEqual([['x', 'yy', 'zzz']]);
    await registry.forRequest().get<string, number>('len').load('x');
    expect(calls).toHaveLength(2);
  });

  it('refuses duplicate and unknown loader names', () => {
    const registry = new LoaderRegistry();
    registry.register('a', () => Promise.resolve([]));
    expect(() => registry.register('a', () => Promise.resolve([]))).toThrow(/twice/);
    expect(() => registry.forRequest().get('b')).toThrow(/no DataLoader/);
  });
});
