import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface SigningKeyPair {
  kid: string;
  publicKeyPem: string;
  privateKeyPem: string;
}

/** Fingerprint length in hex characters: a lookup hint, not a security boundary (the signature is). */
const KEY_ID_HEX_CHARS = 16;

function requireEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`${what} is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key, not ed25519`);
  }
  return key;
}

/** Parses an SPKI PEM; throws unless it is an ed25519 public key. */
export function importPublicKey(publicKeyPem: string): KeyObject {
  // createPublicKey would quietly derive the public half of a private key: a key list holding one is misconfigured.
  if (publicKeyPem.includes('PRIVATE KEY')) throw new TypeError('expected a public key, got a private key');
  return requireEd25519(createPublicKey({ key: publicKeyPem, format: 'pem' }), 'public key');
}

/** Parses a PKCS#8 PEM; throws unless it is an ed25519 private key. */
export function importPrivateKey(privateKeyPem: string): KeyObject {
  const key = createPrivateKey({ key: privateKeyPem, format: 'pem' });
  if (key.type !== 'private') throw new TypeError('not a private key');
  return requireEd25519(key, 'private key');
}

/**
 * Short sha256 fingerprint of the public key's DER encoding, so the same key in differently
 * wrapped PEM text gets the same id. Throws on anything but an ed25519 public key.
 */
export function keyId(publicKeyPem: string): string {
  const der = importPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, KEY_ID_HEX_CHARS);
}

/** The SPKI PEM of a private key's public half. */
export function publicKeyPemOf(privateKeyPem: string): string {
  // PEM export is text; the typings also allow a Buffer.
  return createPublicKey(importPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
}

export function generateSigningKeyPair(): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { kid: keyId(publicKey), publicKeyPem: publicKey, privateKeyPem: privateKey };
}
