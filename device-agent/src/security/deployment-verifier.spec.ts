import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  generateSigningKeyPair,
  signEnvelope,
  type DesiredState,
  type EnvelopeRefusalCode,
  type JobCommand,
} from '@jetfleet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeploymentVerifier, type DeploymentVerifierOptions } from './deployment-verifier.js';

const cp = generateSigningKeyPair();
const next = generateSigningKeyPair();
const rogue = generateSigningKeyPair();
const t0 = new Date('2026-11-23T10:00:00.000Z');
const exp = new Date(t0.getTime() + 3_600_000);

const desired: DesiredState = { rev: 4, issuedAt: t0.toISOString(), jetsonClocks: false };
const job: JobCommand = {
  jobId: 'j-9',
  kind: 'cancel',
  issuedAt: t0.toISOString(),
  deadlineSec: 60,
  params: { jobId: 'j-8' },
};

const seal = (doc: unknown, over: { key?: typeof cp; device?: string; exp?: Date } = {}): Buffer => {
  const key = over.key ?? cp;
  return Buffer.from(signEnvelope(key.privateKeyPem, key.kid, over.device ?? 'dev-a', doc, over.exp ?? exp));
};

const verifier = (over: Partial<DeploymentVerifierOptions> = {}): DeploymentVerifier =>
  new DeploymentVerifier({ deviceId: 'dev-a', signingPublicKeyPem: cp.publicKeyPem, now: () => t0, ...over });

describe('DeploymentVerifier with a pinned key', () => {
  it('opens signed desired state and jobs, reporting the key and expiry', () => {
    const v = verifier();
    expect(v.secure).toBe(true);
    expect(v.open('desired', seal(desired))).toEqual({
      ok: true,
      value: desired,
      kid: cp.kid,
      expiresAt: exp,
      verified: true,
    });
    const opened = v.open('job', seal(job));
    expect(opened.ok && opened.value).toEqual(job);
    expect(v.stats()).toMatchObject({ accepted: 2, acceptedUnverified: 0 });
  });

  it('refuses unsigned, mis-signed, expired, foreign and mistyped deployments, counting each by code', () => {
    const v = verifier();
    const tampered = JSON.parse(seal(desired).toString()) as Record<string, unknown>;
    tampered.payload = JSON.stringify({ ...desired, rev: 99 });
    const cases: [EnvelopeRefusalCode, string | Buffer, 'desired' | 'job'][] = [
      ['unsigned', JSON.stringify(desired), 'desired'],
      ['unsigned', JSON.stringify(job), 'job'],
      ['malformed', '{{{', 'desired'],
      ['malformed', Buffer.alloc(600 * 1024, 0x20), 'desired'],
      ['unknown_key', seal(desired, { key: rogue }), 'desired'],
      ['bad_signature', JSON.stringify(tampered), 'desired'],
      ['expired', seal(desired, { exp: t0 }), 'desired'],
      ['wrong_device', seal(desired, { device: 'dev-b' }), 'desired'],
      ['invalid_payload', seal(job), 'desired'],
      ['invalid_payload', seal(desired), 'job'],
    ];
    for (const [code, bytes, kind] of cases) {
      const r = v.open(kind, bytes);
      expect(r.ok ? 'ok' : r.code, `${code} ${kind}`).toBe(code);
      expect(!r.ok && r.detail.length).toBeGreaterThan(0);
    }
    expect(v.stats()).toEqual({
      secure: true,
      accepted: 0,
      acceptedUnverified: 0,
      refused: {
        unsigned: 2,
        malformed: 2,
        unknown_key: 1,
        bad_signature: 1,
        expired: 1,
        wrong_device: 1,
        invalid_payload: 2,
      },
    });
  });

  it('uses the clock at each call: a document expires while the agent runs', () => {
    let now = t0;
    const v = verifier({ now: () => now });
    const doc = seal(desired);
    expect(v.open('desired', doc).ok).toBe(true);
    now = exp;
    expect(v.open('desired', doc)).toMatchObject({ ok: false, code: 'expired' });
  });

  it('pins several keys for a rotation and refuses a corrupt trust store at construction', () => {
    const v = verifier({ signingPublicKeyPem: [cp.publicKeyPem, next.publicKeyPem] });
    expect(v.pinnedKeyIds.sort()).toEqual([cp.kid, next.kid].sort());
    expect(v.open('desired', seal(desired, { key: next })).ok).toBe(true);
    expect(() => verifier({ signingPublicKeyPem: 'not a key' })).toThrow();
    expect(() => verifier({ signingPublicKeyPem: [cp.publicKeyPem, cp.privateKeyPem] })).toThrow();
  });
});

describe('DeploymentVerifier without a pinned key (insecure development mode)', () => {
  it('accepts plain documents and envelopes unverified, warns once, and still checks the schema', () => {
    const logs: string[] = [];
    const v = verifier({ signingPublicKeyPem: undefined, log: (level, msg) => logs.push(`${level}: ${msg}`) });
    expect(v.secure).toBe(false);
    expect(v.open('desired', JSON.stringify(desired))).toEqual({
      ok: true,
      value: desired,
      kid: null,
      expiresAt: null,
      verified: false,
    });
    const foreign = v.open('desired', seal(desired, { key: rogue, device: 'dev-b', exp: t0 }));
    expect(foreign).toMatchObject({ ok: true, value: desired, kid: rogue.kid, verified: false });
    expect(v.open('job', JSON.stringify(job)).ok).toBe(true);
    expect(v.open('job', JSON.stringify(desired))).toMatchObject({ ok: false, code: 'invalid_payload' });
    expect(v.open('desired', 'nope')).toMatchObject({ ok: false, code: 'malformed' });
    expect(v.open('desired', '[1]')).toMatchObject({ ok: false, code: 'malformed' });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^warn: .*insecure/);
    expect(v.stats()).toMatchObject({ secure: false, accepted: 3, acceptedUnverified: 3 });
    expect(v.stats().refused).toMatchObject({ invalid_payload: 1, malformed: 2 });
  });

  it('an empty key list is insecure mode too', () => {
    expect(verifier({ signingPublicKeyPem: [] }).secure).toBe(false);
  });
});

describe('DeploymentVerifier.fromCredentialsFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jf-verifier-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const file = async (name: string, body: unknown): Promise<string> => {
    const p = path.join(dir, name);
    await writeFile(p, typeof body === 'string' ? body : JSON.stringify(body));
    return p;
  };
  const enrollment = {
    deviceId: 'dev-a',
    mqtt: { url: 'mqtt://x', username: 'u', password: 'p', clientId: 'c' },
    topicsRoot: 'jetfleet/v1/devices/dev-a',
    signingKeyId: cp.kid,
    signingPublicKeyPem: cp.publicKeyPem,
  };

  it('pins the key of a saved enrollment answer', async () => {
    const v = await DeploymentVerifier.fromCredentialsFile(await file('ok.json', enrollment), {
      deviceId: 'dev-a',
      now: () => t0,
    });
    expect(v.pinnedKeyIds).toEqual([cp.kid]);
    expect(v.open('desired', seal(desired)).ok).toBe(true);
    expect(v.open('desired', seal(desired, { key: rogue }))).toMatchObject({ code: 'unknown_key' });
  });

  it('is insecure when enrollment had no key to give, and fails on a corrupt file', async () => {
    const none = await file('none.json', { ...enrollment, signingKeyId: null, signingPublicKeyPem: null });
    expect((await DeploymentVerifier.fromCredentialsFile(none, { deviceId: 'dev-a' })).secure).toBe(false);
    const mismatch = await file('mismatch.json', { ...enrollment, signingKeyId: rogue.kid });
    await expect(DeploymentVerifier.fromCredentialsFile(mismatch, { deviceId: 'dev-a' })).rejects.toThrow(/match/);
    const garbage = await file('garbage.json', '{"signingPublicKeyPem": 5}');
    await expect(DeploymentVerifier.fromCredentialsFile(garbage, { deviceId: 'dev-a' })).rejects.toThrow(/credentials/);
    const notJson = await file('bad.json', 'nope');
    await expect(DeploymentVerifier.fromCredentialsFile(notJson, { deviceId: 'dev-a' })).rejects.toThrow(/not JSON/);
    const badKey = await file('badkey.json', { ...enrollment, signingKeyId: null, signingPublicKeyPem: 'x' });
    await expect(DeploymentVerifier.fromCredentialsFile(badKey, { deviceId: 'dev-a' })).rejects.toThrow();
  });
});
