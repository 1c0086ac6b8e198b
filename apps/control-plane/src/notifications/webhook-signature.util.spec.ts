import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.util.js';

const secret = 'whsec_test';
const body = '{"event":"alert.raised"}';
const ts = 1_700_000_000;
const at = (sec: number) => new Date(sec * 1000);
// Computed independently: printf '%s' '1700000000.{"event":"alert.raised"}' | openssl dgst -sha256 -hmac whsec_test
const KNOWN = 'sha256=9b743df89a0740030cc3dfafffc8031077c3b34ad542e51b3fc3925909cdd7c7';

describe('signWebhook', () => {
  it('is the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    expect(signWebhook(secret, ts, body)).toBe(KNOWN);
  });

  it('signs bytes and text alike', () => {
    expect(signWebhook(secret, ts, Buffer.from(body))).toBe(KNOWN);
  });
});

describe('verifyWebhookSignature', () => {
  const check = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]> = {}) =>
    verifyWebhookSignature({ secret, body, timestamp: String(ts), signature: KNOWN, now: at(ts), ...over });

  it('accepts a genuine request, as text or raw bytes, with upper-case hex too', () => {
    expect(check()).toEqual({ ok: true });
    expect(check({ body: Buffer.from(body) })).toEqual({ ok: true });
    expect(check({ signature: 'sha256=' + KNOWN.slice(7).toUpperCase() })).toEqual({ ok: true });
  });

  it('rejects a tampered body, a wrong secret and a changed timestamp', () => {
    expect(check({ body: body.replace('raised', 'resolved') })).toEqual({ ok: false, reason: 'mismatch' });
    expect(check({ secret: 'whsec_other' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(check({ timestamp: String(ts + 1), now: at(ts + 1) })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('enforces the maximum clock skew both ways', () => {
    expect(check({ now: at(ts + 300) }).ok).toBe(true);
    expect(check({ now: at(ts - 300) }).ok).toBe(true);
    expect(check({ now: at(ts + 301) })).toEqual({ ok: false, reason: 'stale' });
    expect(check({ now: at(ts - 301) })).toEqual({ ok: false, reason: 'stale' });
    expect(check({ now: at(ts + 30), maxSkewSec: 10 })).toEqual({ ok: false, reason: 'stale' });
  });

  it('reports missing and malformed headers without throwing', () => {
    expect(check({ signature: undefined })).toEqual({ ok: false, reason: 'missing' });
    expect(check({ timestamp: null })).toEqual({ ok: false, reason: 'missing' });
    expect(check({ timestamp: '17e8' })).toEqual({ ok: false, reason: 'malformed' });
    expect(check({ signature: KNOWN.slice(7) })).toEqual({ ok: false, reason: 'malformed' });
    expect(check({ signature: 'sha256=abc' })).toEqual({ ok: false, reason: 'malformed' });
    expect(check({ signature: 'sha1=' + KNOWN.slice(7) })).toEqual({ ok: false, reason: 'malformed' });
  });
});
