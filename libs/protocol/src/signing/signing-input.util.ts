import type { SignedEnvelope } from './envelope.schema.js';

/** Separates these signatures from any other use of the same key. */
export const SIGNING_DOMAIN = 'jetfleet-signed-envelope';

/**
 * The exact bytes the signature covers: UTF-8 of
 * `jetfleet-signed-envelope \n v \n alg \n kid \n deviceId \n exp \n payload`.
 * Every field but the payload is schema-restricted to a single line and the payload comes last,
 * so the split is unambiguous; the payload is signed as the string that is sent, never re-encoded.
 */
export function signingInput(fields: Omit<SignedEnvelope, 'sig'>): Buffer {
  return Buffer.from(
    [SIGNING_DOMAIN, String(fields.v), fields.alg, fields.kid, fields.deviceId, fields.exp, fields.payload].join('\n'),
    'utf8',
  );
}
