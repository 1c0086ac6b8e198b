import { verify, type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import {
  MAX_ENVELOPE_BYTES,
  signedEnvelopeSchema,
  type EnvelopeRefusal,
  type EnvelopeRefusalCode,
  type SignedEnvelope,
} from './envelope.schema.js';
import { signingInput } from './signing-input.util.js';
import { importPublicKey } from './signing-keys.util.js';

const ED25519_SIGNATURE_BYTES = 64;

export interface OpenEnvelopeOptions<T> {
  /** Trusted public keys by kid (SPKI PEM or key objects); an envelope naming another kid is refused. */
  keys: ReadonlyMap<string, KeyObject | string>;
  /** The device this process is: an envelope addressed to another one is refused. */
  deviceId: string;
  now: Date;
  /** Schema of the signed document. */
  schema: z.ZodType<T>;
}

export type OpenEnvelopeResult<T> = { ok: true; value: T; kid: string; expiresAt: Date } | EnvelopeRefusal;

export type ParseEnvelopeResult = { ok: true; envelope: SignedEnvelope } | EnvelopeRefusal;

const refuse = (code: EnvelopeRefusalCode, detail: string): EnvelopeRefusal => ({ ok: false, code, detail });

function summarize(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ')
    .slice(0, 300);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes → envelope, checking size, UTF-8, JSON and shape but not the signature. A JSON object
 * with no `sig` at all is `unsigned` (a plain document, or an envelope stripped of its signature).
 */
export function parseEnvelope(bytes: Uint8Array | string): ParseEnvelopeResult {
  const size =
    typeof bytes === 'string'
      ? // A string is at least as many bytes as characters: skip the count for obviously huge input.
        bytes.length > MAX_ENVELOPE_BYTES
        ? bytes.length
        : Buffer.byteLength(bytes, 'utf8')
      : bytes.byteLength;
  if (size > MAX_ENVELOPE_BYTES) return refuse('malformed', `envelope ${size} B exceeds ${MAX_ENVELOPE_BYTES} B`);
  let json: unknown;
  try {
    json = JSON.parse(typeof bytes === 'string' ? bytes : utf8.decode(bytes));
  } catch (err) {
    return refuse('malformed', `not JSON: ${(err as Error).message.slice(0, 200)}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return refuse('malformed', 'not a JSON object');
  }
  if (!Object.hasOwn(json, 'sig')) return refuse('unsigned', 'no signature envelope');
  const parsed = signedEnvelopeSchema.safeParse(json);
  return parsed.success ? { ok: true, envelope: parsed.data } : refuse('malformed', summarize(parsed.error));
}

/** Parses the signed payload text against the document schema. */
export function decodePayload<T>(payload: string, schema: z.ZodType<T>): { ok: true; value: T } | EnvelopeRefusal {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch (err) {
    return refuse('invalid_payload', `payload is not JSON: ${(err as Error).message.slice(0, 200)}`);
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : refuse('invalid_payload', summarize(parsed.error));
}

function usableKey(key: KeyObject | string): KeyObject | null {
  try {
    if (typeof key === 'string') return importPublicKey(key);
    return key.type === 'public' && key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/**
 * Verifies and unwraps a signed document. Never throws: the bytes come off the network. The
 * signature is checked before anything it covers is believed, so a tampered `exp` or `deviceId`
 * reads `bad_signature`; `wrong_device` and `expired` are only said of genuine envelopes.
 */
export function openEnvelope<T>(bytes: Uint8Array | string, opts: OpenEnvelopeOptions<T>): OpenEnvelopeResult<T> {
  const parsed = parseEnvelope(bytes);
  if (!parsed.ok) return parsed;
  const env = parsed.envelope;
  const trusted = opts.keys.get(env.kid);
  if (trusted === undefined) return refuse('unknown_key', `no trusted key with kid ${env.kid}`);
  const key = usableKey(trusted);
  if (!key) return refuse('unknown_key', `trusted key ${env.kid} is not a usable ed25519 public key`);
  const sig = Buffer.from(env.sig, 'base64');
  if (sig.length !== ED25519_SIGNATURE_BYTES) {
    return refuse('bad_signature', `signature is ${sig.length} bytes, expected ${ED25519_SIGNATURE_BYTES}`);
  }
  let valid: boolean;
  try {
    valid = verify(null, signingInput(env), key, sig);
  } catch (err) {
    return refuse('bad_signature', `verification failed: ${(err as Error).message.slice(0, 200)}`);
  }
  if (!valid) return refuse('bad_signature', `signature does not match key ${env.kid}`);
  if (env.deviceId !== opts.deviceId) {
    return refuse('wrong_device', `signed for device ${env.deviceId}, this is ${opts.deviceId.slice(0, 64)}`);
  }
  const expiresAt = new Date(env.exp);
  if (!(expiresAt.getTime() > opts.now.getTime())) {
    return refuse('expired', `expired at ${env.exp} (now ${opts.now.toISOString()})`);
  }
  const doc = decodePayload(env.payload, opts.schema);
  return doc.ok ? { ok: true, value: doc.value, kid: env.kid, expiresAt } : doc;
}
