import { describe, expect, it } from 'vitest';
import { REDACTED, summarizeInput } from './audit-input.util.js';

describe('summarizeInput', () => {
  it('redacts secrets by argument name at any depth and keeps the rest', () => {
    const input = Object.assign(Object.create(null) as object, {
      input: { url: 'https://hooks.example/x', secret: 's3cr3t-value', severities: ['critical'] },
      uploadToken: 'abc',
      name: 'ci',
      apiKey: null,
    });
    expect(summarizeInput(input as Record<string, unknown>)).toEqual({
      input: { url: 'https://hooks.example/x', secret: REDACTED, severities: ['critical'] },
      uploadToken: REDACTED,
      name: 'ci',
      apiKey: null,
    });
  });

  it('cuts long strings and arrays and says how much was cut', () => {
    const out = summarizeInput({ note: 'x'.repeat(250), tags: Array.from({ length: 25 }, (_, i) => `t${i}`) });
    expect(out.note).toBe(`${'x'.repeat(200)}…(+50 chars)`);
    expect(out.tags).toHaveLength(21);
    expect((out.tags as string[]).at(-1)).toBe('…(+5 items)');
  });

  it('flattens deep nesting and writes dates as ISO strings', () => {
    const out = summarizeInput({ a: { b: { c: { d: { e: { f: 1 } } } } }, at: new Date('2026-01-02T03:04:05Z') });
    expect(out).toEqual({ a: { b: { c: { d: { e: '[nested]' } } } }, at: '2026-01-02T03:04:05.000Z' });
  });
});
