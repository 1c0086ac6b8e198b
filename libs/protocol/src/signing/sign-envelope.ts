import { sign, type KeyObject } from 'node:crypto';
import { DEVICE_ID_PATTERN } from '../device-id.schema.js';
import {
  ENVELOPE_ALG,
  ENVELOPE_VERSION,
  KEY_ID_PATTERN,
  MAX_ENVELOPE_BYTES,
  MAX_SIGNED_PAYLOAD_BYTES,
  type SignedEnvelope,
} from './envelope.schema.js';
import { signingInput } from './signing-input.util.js';
import { importPrivateKey } from './signing-keys.util.js';

/**
 * Signs `payload` for one device until `expiresAt` and returns the envelope as the JSON text to
 * publish. The caller is trusted, so misuse (bad ids, a past-size document, a non-ed25519 key)
 * throws instead of producing an envelope every device would refuse.
 */
export function signEnvelope(
  privateKey: KeyObject | string,
  kid: string,
  deviceId: string,
  payload: unknown,
  expiresAt: Date,
): string {
  if (!KEY_ID_PATTERN.test(kid)) throw new TypeError(`invalid kid: ${kid.slice(0, 80)}`);
  if (!DEVICE_ID_PATTERN.test(deviceId)) throw new TypeError(`invalid device id: ${deviceId.slice(0, 80)}`);
  if (Number.isNaN(expiresAt.getTime())) throw new TypeError('expiresAt is not a valid date');
  const text: unknown = JSON.stringify(payload);
  if (typeof text !== 'string') throw new TypeError('payload is not JSON-serialisable');
  const payloadBytes = Buffer.byteLength(text, 'utf8');
  if (payloadBytes > MAX_SIGNED_PAYLOAD_BYTES) {
    throw new RangeError(`payload ${payloadBytes} B exceeds ${MAX_SIGNED_PAYLOAD_BYTES} B`);
  }
  const key = typeof privateKey === 'string' ? importPrivateKey(privateKey) : privateKey;
  const unsigned = {
    v: ENVELOPE_VERSION,
    alg: ENVELOPE_ALG,
    kid,
    deviceId,
    exp: expiresAt.toISOString(),
    payload: text,
  } as const;
  const envelope: SignedEnvelope = {
    ...unsigned,
    sig: sign(null, signingInput(unsigned), key).toString('base64'),
  };
  const json = JSON.stringify(envelope);
  const size = Buffer.byteLength(json, 'utf8');
  if (size > MAX_ENVELOPE_BYTES) throw new RangeError(`envelope ${size} B exceeds ${MAX_ENVELOPE_BYTES} B`);
  return json;
}
