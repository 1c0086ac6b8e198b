import { describe, expect, it } from 'vitest';
import {
  API_KEY_PATTERN,
  apiKeyMatches,
  bearerCredential,
  generateApiKey,
  hashApiKey,
  parseApiKey,
} from './api-key.util.js';

describe('api keys', () => {
  it('generates distinct keys in the documented format whose prefix parses back', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^jf_[0-9a-f]{12}_[0-9a-f]{64}$/);
    expect(a.key).toMatch(API_KEY_PATTERN);
    expect(a.key).not.toBe(b.key);
    expect(parseApiKey(a.key)).toEqual({ prefix: a.prefix, secret: a.key.slice(16) });
  });

  it('refuses malformed keys', () => {
    for (const bad of [
      '',
      'jf__abc',
      'jf_short_' + 'a'.repeat(40),
      'xx_abcdefgh_' + 'a'.repeat(40),
      'jf_abcdefgh_tooshort',
    ]) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });

  it('hashes deterministically, matches only the same key, and never stores the key', () => {
    const { key } = generateApiKey();
    const hash = hashApiKey(key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key.slice(16));
    expect(apiKeyMatches(key, hash)).toBe(true);
    const other = key.slice(0, -1) + (key.endsWith('0') ? '1' : '0');
    expect(apiKeyMatches(other, hash)).toBe(false);
    expect(apiKeyMatches(key, 'abcd')).toBe(false);
  });

  it('reads a bearer header or a bare key', () => {
    expect(bearerCredential('Bearer jf_x')).toBe('jf_x');
    expect(bearerCredential('bearer   jf_x ')).toBe('jf_x');
    expect(bearerCredential('jf_x')).toBe('jf_x');
    expect(bearerCredential('Basic a b')).toBeUndefined();
    expect(bearerCredential(undefined)).toBeUndefined();
    expect(bearerCredential(42)).toBeUndefined();
  });
});
