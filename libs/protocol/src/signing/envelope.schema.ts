import { z } from 'zod';
import { DEVICE_ID_PATTERN } from '../device-id.schema.js';
import { MAX_PAYLOAD_BYTES } from '../protocol-version.constant.js';

export const ENVELOPE_VERSION = 1;
export const ENVELOPE_ALG = 'ed25519';

/** The signed document (the `payload` string) may be as large as any device message. */
export const MAX_SIGNED_PAYLOAD_BYTES = MAX_PAYLOAD_BYTES;

/**
 * The whole envelope: the payload is a JSON string inside JSON, so escaping can double it; the
 * other fields are short. Stays under the broker's 1 MiB packet limit.
 */
export const MAX_ENVELOPE_BYTES = 2 * MAX_SIGNED_PAYLOAD_BYTES + 2048;

/**
 * Fields that go into the signed byte string before the payload must not contain a newline,
 * or two different envelopes could sign the same bytes; these patterns keep them on one line.
 */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

export const signedEnvelopeSchema = z
  .object({
    v: z.literal(ENVELOPE_VERSION),
    alg: z.literal(ENVELOPE_ALG),
    kid: z.string().regex(KEY_ID_PATTERN, 'kid must be 1-64 chars of [A-Za-z0-9_.:-]'),
    deviceId: z.string().regex(DEVICE_ID_PATTERN, 'invalid device id'),
    exp: z.iso.datetime({ offset: true }),
    payload: z.string().max(MAX_SIGNED_PAYLOAD_BYTES),
    // An ed25519 signature is 64 bytes (88 base64 characters); a wrong length fails verification.
    sig: z.string().max(256).regex(BASE64_PATTERN, 'sig must be base64'),
  })
  .strict();

/**
 * A document signed by the control plane for one device until `exp`. `payload` is the document
 * as the JSON text that was signed, so the verifier never re-serialises anything.
 */
export type SignedEnvelope = z.infer<typeof signedEnvelopeSchema>;

/** Stable refusal codes: they label the agent's counters and its reports, so never rename one. */
export const ENVELOPE_REFUSAL_CODES = [
  'unsigned',
  'malformed',
  'unknown_key',
  'bad_signature',
  'expired',
  'wrong_device',
  'invalid_payload',
] as const;
export type EnvelopeRefusalCode = (typeof ENVELOPE_REFUSAL_CODES)[number];

export interface EnvelopeRefusal {
  ok: false;
  code: EnvelopeRefusalCode;
  detail: string;
}
