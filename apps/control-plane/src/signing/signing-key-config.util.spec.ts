import { generateKeyPairSync } from 'node:crypto';
import { generateSigningKeyPair, keyId } from '@jetfleet/protocol';
import { describe, expect, it } from 'vitest';
import { normaliseConfiguredKey } from './signing-key-config.util.js';

describe('normaliseConfiguredKey', () => {
  const pair = generateSigningKeyPair();

  it('accepts a PEM with real newlines or with literal \\n (one-line environment variables)', () => {
    for (const text of [pair.privateKeyPem, pair.privateKeyPem.replace(/\n/g, '\\n')]) {
      const key = normaliseConfiguredKey(text, 'SIGNING_PRIVATE_KEY_PEM');
      expect(keyId(key.publicKeyPem)).toBe(pair.kid);
      expect(key.privateKeyPem).toBe(pair.privateKeyPem);
    }
  });

  it('names the source when the key is not an ed25519 private key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    for (const bad of [rsa, pair.publicKeyPem, 'nonsense']) {
      expect(() => normaliseConfiguredKey(bad, 'SIGNING_PRIVATE_KEY_FILE /etc/k.pem')).toThrow(
        /SIGNING_PRIVATE_KEY_FILE \/etc\/k\.pem: not an ed25519/,
      );
    }
  });
});
