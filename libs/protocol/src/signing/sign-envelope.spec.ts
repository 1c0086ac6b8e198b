import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_SIGNED_PAYLOAD_BYTES } from './envelope.schema.js';
import { signEnvelope } from './sign-envelope.js';
import { generateSigningKeyPair, importPrivateKey, keyId, publicKeyPemOf } from './signing-keys.util.js';

const cp = generateSigningKeyPair();
const exp = new Date('2030-01-01T00:00:00Z');

describe('signEnvelope', () => {
  it('accepts a PEM string or an imported key and signs deterministically (ed25519)', () => {
    const a = signEnvelope(cp.privateKeyPem, cp.kid, 'dev-a', { rev: 1 }, exp);
    const b = signEnvelope(importPrivateKey(cp.privateKeyPem), cp.kid, 'dev-a', { rev: 1 }, exp);
    expect(a).toBe(b);
  });

  it('refuses misuse instead of producing an envelope every device would refuse', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => signEnvelope(cp.privateKeyPem, 'bad\nkid', 'dev-a', {}, exp)).toThrow(/kid/);
    expect(() => signEnvelope(cp.privateKeyPem, cp.kid, 'dev/#', {}, exp)).toThrow(/device id/);
    expect(() => signEnvelope(cp.privateKeyPem, cp.kid, 'dev-a', {}, new Date('nope'))).toThrow(/date/);
    expect(() => signEnvelope(cp.privateKeyPem, cp.kid, 'dev-a', undefined, exp)).toThrow(/JSON/);
    expect(() => signEnvelope(rsa, cp.kid, 'dev-a', {}, exp)).toThrow(/ed25519/);
    expect(() => signEnvelope(cp.publicKeyPem, cp.kid, 'dev-a', {}, exp)).toThrow();
    const big = { blob: 'x'.repeat(MAX_SIGNED_PAYLOAD_BYTES) };
    expect(() => signEnvelope(cp.privateKeyPem, cp.kid, 'dev-a', big, exp)).toThrow(RangeError);
  });

  it('fits a payload of the largest size even when every character needs escaping', () => {
    const quotes = '"'.repeat(MAX_SIGNED_PAYLOAD_BYTES / 2 - 20);
    expect(() => signEnvelope(cp.privateKeyPem, cp.kid, 'dev-a', { q: quotes }, exp)).not.toThrow();
  });
});

describe('signing keys', () => {
  it('keyId is a 16-hex sha256 fingerprint, independent of PEM line endings, distinct per key', () => {
    expect(cp.kid).toMatch(/^[0-9a-f]{16}$/);
    expect(keyId(cp.publicKeyPem.replace(/\n/g, '\r\n'))).toBe(cp.kid);
    expect(keyId(publicKeyPemOf(cp.privateKeyPem))).toBe(cp.kid);
    expect(generateSigningKeyPair().kid).not.toBe(cp.kid);
  });

  it('refuses keys that are not ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(() => keyId(rsa)).toThrow(/ed25519/);
    expect(() => keyId('garbage')).toThrow();
    expect(() => importPrivateKey(cp.publicKeyPem)).toThrow();
  });
});
