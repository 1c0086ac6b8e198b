import { describe, expect, it } from 'vitest';
import type { DesiredModel, DesiredState } from '@jetfleet/protocol';
import { nextDesired } from './desired-state.util.js';

const now = new Date('2026-11-23T10:00:00Z');
const model = (id: string): DesiredModel => ({
  modelVersionId: id,
  recipeHash: 'a'.repeat(64),
  engine: { url: 'http://cp/artifacts/x', sha256: 'b'.repeat(64), sizeBytes: 10 },
});
const mode = { name: '15W', id: 1, allowReboot: false };

describe('nextDesired', () => {
  it('starts at rev 1 with only what the patch sets', () => {
    expect(nextDesired(null, null, { model: model('m1') }, now)).toEqual({
      rev: 1,
      issuedAt: now.toISOString(),
      model: model('m1'),
    });
  });

  it('keeps fields the patch does not mention and overrides those it does', () => {
    const prev: DesiredState = { rev: 4, issuedAt: 'x', model: model('m1'), powerMode: mode, jetsonClocks: true };
    const next = nextDesired(prev, 4, { powerMode: null }, now);
    expect(next).toEqual({
      rev: 5,
      issuedAt: now.toISOString(),
      model: model('m1'),
      powerMode: null,
      jetsonClocks: true,
    });
    expect(nextDesired(prev, 4, { model: null }, now).model).toBeNull();
  });

  it('goes above a rev the device applied even when the stored document is older or lost', () => {
    expect(nextDesired(null, 41, { model: model('m1') }, now).rev).toBe(42);
    expect(nextDesired({ rev: 3, issuedAt: 'x' }, 9, {}, now).rev).toBe(10);
    expect(nextDesired({ rev: 12, issuedAt: 'x' }, 9, {}, now).rev).toBe(13);
  });
});
