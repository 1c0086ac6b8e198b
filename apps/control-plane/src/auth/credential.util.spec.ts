import { describe, expect, it } from 'vitest';
import { credentialOf } from './credential.util.js';

describe('credentialOf', () => {
  it('reads the HTTP Authorization header', () => {
    expect(credentialOf({ req: { headers: { authorization: 'Bearer jf_a_b' } } })).toBe('jf_a_b');
    expect(credentialOf({ req: { headers: {} } })).toBeUndefined();
  });

  it('reads graphql-ws connectionParams, with or without "Bearer", then the upgrade header', () => {
    expect(credentialOf({ connectionParams: { authorization: 'Bearer jf_a_b' } })).toBe('jf_a_b');
    expect(credentialOf({ connectionParams: { Authorization: 'jf_a_b' } })).toBe('jf_a_b');
    expect(
      credentialOf({ connectionParams: {}, extra: { request: { headers: { authorization: 'Bearer jf_h' } } } }),
    ).toBe('jf_h');
    expect(credentialOf({ connectionParams: { authorization: 42 } })).toBeUndefined();
  });

  it('finds nothing in anything else', () => {
    expect(credentialOf(undefined)).toBeUndefined();
    expect(credentialOf({})).toBeUndefined();
  });
});
