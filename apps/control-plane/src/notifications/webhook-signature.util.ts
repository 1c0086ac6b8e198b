import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of a webhook request; docs/webhooks.md describes them for receivers. */
export const WebhookHeader = {
  Event: 'X-Jetfleet-Event',
  Delivery: 'X-Jetfleet-Delivery',
  Timestamp: 'X-Jetfleet-Timestamp',
  Signature: 'X-Jetfleet-Signature',
} as const;

const SCHEME = 'sha256=';
const HEX_DIGEST = /^[0-9a-f]{64}$/i;
const UNIX_SECONDS = /^\d{1,12}$/;
export const DEFAULT_MAX_SKEW_SEC = 300;

function digest(secret: string, timestamp: string, body: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, keyed with the endpoint secret. */
export function signWebhook(secret: string, timestamp: number, body: string | Uint8Array): string {
  return SCHEME + digest(secret, String(timestamp), body).toString('hex');
}

export interface WebhookSignatureCheck {
  secret: string;
  /** The raw request body, exactly as received (not re-serialised JSON). */
  body: string | Uint8Array;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  /** Largest accepted difference between the timestamp and `now`, either way. */
  maxSkewSec?: number;
  now?: Date;
}

export type WebhookSignatureResult =
  { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/**
 * Checks a received webhook. The timestamp is part of the signed text, so a captured request
 * cannot be replayed once it is older than the allowed skew.
 */
export function verifyWebhookSignature(check: WebhookSignatureCheck): WebhookSignatureResult {
  const { timestamp, signature } = check;
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!UNIX_SECONDS.test(timestamp) || !signature.startsWith(SCHEME)) return { ok: false, reason: 'malformed' };
  const hex = signature.slice(SCHEME.length);
  if (!HEX_DIGEST.test(hex)) return { ok: false, reason: 'malformed' };
  const nowSec = Math.floor((check.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSec - Number(timestamp)) > (check.maxSkewSec ?? DEFAULT_MAX_SKEW_SEC)) {
    return { ok: false, reason: 'stale' };
  }
  // Both sides are 32 bytes here, which timingSafeEqual requires.
  const same = timingSafeEqual(Buffer.from(hex, 'hex'), digest(check.secret, timestamp, check.body));
  return same ? { ok: true } : { ok: false, reason: 'mismatch' };
}
