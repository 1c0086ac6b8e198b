import { createPrivateKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { desiredStateSchema, type DesiredState } from '../desired.schema.js';
import { jobCommandSchema, type JobCommand } from '../job.schema.js';
import { MAX_ENVELOPE_BYTES, type SignedEnvelope } from './envelope.schema.js';
import { openEnvelope, type OpenEnvelopeOptions } from './open-envelope.js';
import { signEnvelope } from './sign-envelope.js';
import { signingInput } from './signing-input.util.js';
import { generateSigningKeyPair, keyId } from './signing-keys.util.js';

const cp = generateSigningKeyPair();
const rogue = generateSigningKeyPair();
const now = new Date('2026-11-23T10:00:00.000Z');
const inAnHour = new Date(now.getTime() + 3_600_000);

const doc: DesiredState = {
  rev: 7,
  issuedAt: now.toISOString(),
  powerMode: { name: 'MAXN — ünïcødé 🚀\nline', id: 0, allowReboot: false },
  jetsonClocks: true,
};
const job: JobCommand = {
  jobId: 'job-1',
  kind: 'fetch-engine',
  issuedAt: now.toISOString(),
  deadlineSec: 600,
  params: { sha256: 'a'.repeat(64) },
};

const opts = (over: Partial<OpenEnvelopeOptions<DesiredState>> = {}): OpenEnvelopeOptions<DesiredState> => ({
  keys: new Map([[cp.kid, cp.publicKeyPem]]),
  deviceId: 'dev-a',
  now,
  schema: desiredStateSchema,
  ...over,
});

const signed = (deviceId = 'dev-a', payload: unknown = doc, exp = inAnHour): string =>
  signEnvelope(cp.privateKeyPem, cp.kid, deviceId, payload, exp);

const edit = (text: string, fn: (env: Record<string, unknown>) => void): string => {
  const env = JSON.parse(text) as Record<string, unknown>;
  fn(env);
  return JSON.stringify(env);
};

/** Re-signs arbitrary (already valid-looking) fields with the real key: proves checks beyond the signature. */
const forge = (fields: Omit<SignedEnvelope, 'sig'>): string =>
  JSON.stringify({
    ...fields,
    sig: sign(null, signingInput(fields), createPrivateKey(cp.privateKeyPem)).toString('base64'),
  });

const refusal = (r: { ok: boolean; code?: string }): string | undefined => (r.ok ? 'ok' : r.code);

describe('openEnvelope: accepted', () => {
  it('round-trips a desired-state document from bytes and from a string', () => {
    const text = signed();
    for (const input of [text, Buffer.from(text, 'utf8'), new Uint8Array(Buffer.from(text))]) {
      const r = openEnvelope(input, opts());
      expect(r).toEqual({ ok: true, value: doc, kid: cp.kid, expiresAt: inAnHour });
    }
  });

  it('signs the payload exactly as sent, as the JSON text of the document', () => {
    const env = JSON.parse(signed()) as SignedEnvelope;
    expect(env).toMatchObject({ v: 1, alg: 'ed25519', kid: cp.kid, deviceId: 'dev-a', exp: inAnHour.toISOString() });
    expect(env.payload).toBe(JSON.stringify(doc));
    expect(Buffer.from(env.sig, 'base64')).toHaveLength(64);
  });

  it('round-trips a job command with the job schema', () => {
    const r = openEnvelope(signed('dev-a', job), { ...opts(), schema: jobCommandSchema });
    expect(r.ok && r.value).toEqual(job);
  });

  it('accepts any of several trusted keys (rotation)', () => {
    const keys = new Map([
      [rogue.kid, rogue.publicKeyPem],
      [cp.kid, cp.publicKeyPem],
    ]);
    expect(refusal(openEnvelope(signed(), opts({ keys })))).toBe('ok');
    const byRogue = signEnvelope(rogue.privateKeyPem, rogue.kid, 'dev-a', doc, inAnHour);
    expect(refusal(openEnvelope(byRogue, opts({ keys })))).toBe('ok');
  });

  it('is valid until the instant before exp', () => {
    expect(refusal(openEnvelope(signed(), opts({ now: new Date(inAnHour.getTime() - 1) })))).toBe('ok');
  });

  it('strips nothing but what the document schema strips (unknown payload fields do not pass through)', () => {
    const r = openEnvelope(signed('dev-a', { ...doc, extra: 'x' }), opts());
    expect(r.ok && 'extra' in r.value).toBe(false);
  });
});

describe('openEnvelope: refused', () => {
  it('unsigned: a plain document, and an envelope with its signature removed', () => {
    expect(refusal(openEnvelope(JSON.stringify(doc), opts()))).toBe('unsigned');
    const stripped = edit(signed(), (e) => delete e.sig);
    expect(refusal(openEnvelope(stripped, opts()))).toBe('unsigned');
  });

  it('bad_signature: tampered payload, exp, device id, kid target, or signature bits', () => {
    const text = signed();
    const cases: string[] = [
      edit(text, (e) => (e.payload = JSON.stringify({ ...doc, rev: 8 }))),
      edit(text, (e) => (e.payload = (e.payload as string) + ' ')),
      edit(text, (e) => (e.exp = new Date(inAnHour.getTime() + 86_400_000).toISOString())),
      edit(text, (e) => (e.exp = (e.exp as string).replace('Z', '+00:00'))),
      edit(text, (e) => (e.deviceId = 'dev-b')),
      edit(text, (e) => {
        const sig = Buffer.from(e.sig as string, 'base64');
        sig[10] = (sig[10] ?? 0) ^ 1;
        e.sig = sig.toString('base64');
      }),
      edit(text, (e) => (e.sig = Buffer.alloc(64).toString('base64'))),
      edit(text, (e) => (e.sig = (e.sig as string).slice(0, 40))),
      edit(text, (e) => (e.sig = '')),
    ];
    for (const c of cases) expect(refusal(openEnvelope(c, opts())), c.slice(0, 120)).toBe('bad_signature');
    // The swapped device id is refused as a forgery by the device it now names, too.
    expect(refusal(openEnvelope(cases[4] ?? '', opts({ deviceId: 'dev-b' })))).toBe('bad_signature');
  });

  it('bad_signature: signed by another key that claims a trusted kid', () => {
    const claimed = signEnvelope(rogue.privateKeyPem, cp.kid, 'dev-a', doc, inAnHour);
    expect(refusal(openEnvelope(claimed, opts()))).toBe('bad_signature');
  });

  it('unknown_key: a kid not pinned, or a pinned entry that is not an ed25519 public key', () => {
    const byRogue = signEnvelope(rogue.privateKeyPem, rogue.kid, 'dev-a', doc, inAnHour);
    expect(refusal(openEnvelope(byRogue, opts()))).toBe('unknown_key');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    for (const bad of [rsa, 'not a pem', cp.privateKeyPem]) {
      expect(refusal(openEnvelope(signed(), opts({ keys: new Map([[cp.kid, bad]]) })))).toBe('unknown_key');
    }
    expect(refusal(openEnvelope(signed(), opts({ keys: new Map() })))).toBe('unknown_key');
  });

  it('wrong_device: a genuine document signed for device A is refused by device B', () => {
    const forA = signed('dev-a');
    expect(refusal(openEnvelope(forA, opts({ deviceId: 'dev-a' })))).toBe('ok');
    const r = openEnvelope(forA, opts({ deviceId: 'dev-b' }));
    expect(r).toMatchObject({ ok: false, code: 'wrong_device' });
    expect(!r.ok && r.detail).toContain('dev-a');
  });

  it('expired: at exp and after, including a genuinely signed past exp', () => {
    expect(refusal(openEnvelope(signed(), opts({ now: inAnHour })))).toBe('expired');
    expect(refusal(openEnvelope(signed(), opts({ now: new Date(inAnHour.getTime() + 1) })))).toBe('expired');
    expect(refusal(openEnvelope(signed('dev-a', doc, new Date(now.getTime() - 1)), opts()))).toBe('expired');
  });

  it('invalid_payload: genuine envelope whose document fails the schema or is not JSON', () => {
    expect(refusal(openEnvelope(signed('dev-a', job), opts()))).toBe('invalid_payload');
    expect(refusal(openEnvelope(signed('dev-a', { ...doc, rev: -1 }), opts()))).toBe('invalid_payload');
    const fields = { v: 1, alg: 'ed25519', kid: cp.kid, deviceId: 'dev-a', exp: inAnHour.toISOString() } as const;
    expect(refusal(openEnvelope(forge({ ...fields, payload: '{"rev":' }), opts()))).toBe('invalid_payload');
    expect(refusal(openEnvelope(forge({ ...fields, payload: '' }), opts()))).toBe('invalid_payload');
  });

  it('malformed: not JSON, not UTF-8, not an object, wrong types or values, unknown fields', () => {
    const text = signed();
    const cases: (string | Uint8Array)[] = [
      '',
      'not json',
      '{"sig":',
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
      'null',
      '42',
      '"str"',
      '[]',
      JSON.stringify([JSON.parse(text)]),
      edit(text, (e) => (e.v = 2)),
      edit(text, (e) => (e.v = '1')),
      edit(text, (e) => (e.alg = 'RS256')),
      edit(text, (e) => (e.alg = 'none')),
      edit(text, (e) => (e.kid = `${cp.kid}\nx`)),
      edit(text, (e) => (e.kid = '')),
      edit(text, (e) => (e.kid = 42)),
      edit(text, (e) => (e.deviceId = 'dev/+/#')),
      edit(text, (e) => (e.deviceId = ['dev-a'])),
      edit(text, (e) => (e.exp = 'tomorrow')),
      edit(text, (e) => (e.exp = inAnHour.getTime())),
      edit(text, (e) => (e.payload = doc)),
      edit(text, (e) => (e.payload = null)),
      edit(text, (e) => (e.sig = 'not*base64!')),
      edit(text, (e) => (e.sig = null)),
      edit(text, (e) => (e.extra = true)),
      edit(text, (e) => delete e.exp),
      edit(text, (e) => delete e.deviceId),
    ];
    for (const c of cases) {
      const label = typeof c === 'string' ? c.slice(0, 100) : 'bytes';
      expect(refusal(openEnvelope(c, opts())), label).toBe('malformed');
    }
  });

  it('malformed: huge input is refused by size before it is parsed', () => {
    const huge = edit(signed(), (e) => (e.pad = 'x'.repeat(MAX_ENVELOPE_BYTES)));
    const started = performance.now();
    const r = openEnvelope(huge, opts());
    expect(r).toMatchObject({ ok: false, code: 'malformed' });
    expect(!r.ok && r.detail).toMatch(/exceeds/);
    expect(refusal(openEnvelope(Buffer.from(huge), opts()))).toBe('malformed');
    expect(refusal(openEnvelope('x'.repeat(50 * 1024 * 1024), opts()))).toBe('malformed');
    expect(performance.now() - started).toBeLessThan(500);
    // Just below the envelope limit, the payload's own limit still applies.
    const bigPayload = edit(signed(), (e) => (e.payload = 'y'.repeat(MAX_ENVELOPE_BYTES - 1000)));
    expect(refusal(openEnvelope(bigPayload, opts()))).toBe('malformed');
  });

  it('never throws on deeply nested or prototype-shaped input', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(refusal(openEnvelope(deep, opts()))).toBe('malformed');
    const proto = '{"__proto__":{"sig":"x"},"constructor":{"prototype":{}}}';
    expect(refusal(openEnvelope(proto, opts()))).toBe('unsigned');
    const protoEnv = edit(signed(), (e) => (e.payload = '{"__proto__":{"rev":1}}'));
    expect(refusal(openEnvelope(protoEnv, opts()))).toBe('bad_signature');
  });

  it('random corruption of a genuine envelope never throws and never yields another document', () => {
    const text = signed();
    const original = Buffer.from(text, 'utf8');
    const fields = JSON.parse(text) as Record<string, string | number>;
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seed % n;
    };
    const count = new Map<string, number>();
    const check = (input: string | Uint8Array): void => {
      const r = openEnvelope(input, opts());
      const code = refusal(r) ?? '?';
      count.set(code, (count.get(code) ?? 0) + 1);
      // A flip in the sig's unused base64 padding bits decodes to the same signature: same document.
      if (r.ok) expect(r.value).toEqual(doc);
    };
    for (let i = 0; i < 2000; i++) {
      // Raw bytes: flipped bits, random bytes, truncation.
      const bytes = Buffer.from(original);
      for (let f = 1 + rand(4); f > 0; f--) {
        const at = rand(bytes.length);
        bytes[at] = rand(3) === 0 ? rand(256) : (bytes[at] ?? 0) ^ (1 << rand(8));
      }
      check(rand(2) ? bytes : bytes.subarray(0, rand(bytes.length)));
      // Still valid JSON: one character of one field replaced.
      const keys = ['kid', 'deviceId', 'exp', 'payload', 'sig'];
      const key = keys[rand(keys.length)] ?? 'sig';
      const value = String(fields[key]);
      const at = rand(value.length);
      const ch = String.fromCharCode(32 + rand(95));
      check(JSON.stringify({ ...fields, [key]: value.slice(0, at) + ch + value.slice(at + 1) }));
    }
    expect(count.get('bad_signature')).toBeGreaterThan(500);
    expect(count.get('malformed')).toBeGreaterThan(1000);
    expect(count.get('ok') ?? 0).toBeLessThan(100);
  });
});

describe('signing input', () => {
  it('is the newline-joined fields after a domain string, payload last and verbatim', () => {
    const fields = {
      v: 1,
      alg: 'ed25519',
      kid: 'k1',
      deviceId: 'dev-a',
      exp: '2026-01-01T00:00:00.000Z',
      payload: '{"a":"x\\ny"}\n',
    } as const;
    expect(signingInput(fields).toString('utf8')).toBe(
      'jetfleet-signed-envelope\n1\ned25519\nk1\ndev-a\n2026-01-01T00:00:00.000Z\n{"a":"x\\ny"}\n',
    );
  });

  it('is what the signature covers, checked with node:crypto directly', () => {
    const env = JSON.parse(signed()) as SignedEnvelope;
    const bytes = Buffer.from(
      ['jetfleet-signed-envelope', '1', 'ed25519', env.kid, env.deviceId, env.exp, env.payload].join('\n'),
    );
    expect(verify(null, bytes, cp.publicKeyPem, Buffer.from(env.sig, 'base64'))).toBe(true);
    expect(keyId(cp.publicKeyPem)).toBe(env.kid);
  });
});
