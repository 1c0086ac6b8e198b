import { describe, expect, it } from 'vitest';
import {
  deviceIdAllowed,
  generateEnrollmentToken,
  hashEnrollmentToken,
  parseTokenScope,
  tokenState,
} from './enrollment-token.util.js';

const now = new Date('2030-01-01T00:00:00Z');
const later = new Date('2030-01-02T00:00:00Z');
const earlier = new Date('2029-12-31T00:00:00Z');

describe('enrollment tokens', () => {
  it('are random, prefixed, and hashed to a stable 64-hex digest', () => {
    const a = generateEnrollmentToken();
    const b = generateEnrollmentToken();
    expect(a).toMatch(/^jfe_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(hashEnrollmentToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEnrollmentToken(a)).toBe(hashEnrollmentToken(a));
    expect(hashEnrollmentToken(a)).not.toBe(hashEnrollmentToken(b));
  });

  it('reports the most permanent reason a token cannot be used', () => {
    const base = { uses: 0, maxUses: 1, expiresAt: later, revokedAt: null };
    expect(tokenState(base, now)).toBe('active');
    expect(tokenState({ ...base, uses: 1 }, now)).toBe('used_up');
    expect(tokenState({ ...base, uses: 1, expiresAt: earlier }, now)).toBe('expired');
    expect(tokenState({ ...base, expiresAt: now }, now)).toBe('expired');
    expect(tokenState({ ...base, uses: 1, expiresAt: earlier, revokedAt: earlier }, now)).toBe('revoked');
  });

  it('limits device ids to the scope prefix when there is one', () => {
    expect(deviceIdAllowed({}, 'anything')).toBe(true);
    expect(deviceIdAllowed({ deviceIdPrefix: 'lab-' }, 'lab-01')).toBe(true);
    expect(deviceIdAllowed({ deviceIdPrefix: 'lab-' }, 'prod-01')).toBe(false);
    expect(deviceIdAllowed({ deviceIdPrefix: 'lab-' }, 'lab')).toBe(false);
  });

  it('reads a malformed stored scope as granting nothing', () => {
    expect(parseTokenScope({ tags: ['a'], deviceIdPrefix: 'x' })).toEqual({ tags: ['a'], deviceIdPrefix: 'x' });
    expect(parseTokenScope({ tags: 'a' })).toEqual({});
    expect(parseTokenScope(null)).toEqual({});
  });
});
