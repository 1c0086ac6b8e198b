import { sign } from 'node:crypto';
import {
  MAX_ENVELOPE_BYTES,
  importPrivateKey,
  signEnvelope,
  signingInput,
  topics,
  type EnvelopeRefusalCode,
  type SigningKeyPair,
} from '@jetfleet/protocol';
import { SeededRandom } from './seeded-random.js';

/** A deployment message a device must refuse, and the verifier code it must count it under. */
export interface HostileDeployment {
  category: string;
  topic: string;
  payload: Buffer;
  code: EnvelopeRefusalCode;
}

export interface HostileDeploymentOptions {
  seed: number;
  count: number;
  deviceId: string;
  /** The key the device has pinned: genuine envelopes with bad contents are signed with it. */
  trusted: SigningKeyPair;
  /** Another key pair, for forgeries. */
  forger: SigningKeyPair;
  /** Fixed clock for genuine envelopes: `exp` is this + 1 h (or − 1 h when expired). */
  now: Date;
}

const WEIGHTS = {
  notJson: 8,
  notObject: 4,
  unsigned: 8,
  badEnvelope: 14,
  oversize: 1,
  unknownKey: 8,
  forged: 8,
  tampered: 12,
  badSigLength: 6,
  expired: 8,
  wrongDevice: 8,
  badPayload: 15,
} as const;
type Category = keyof typeof WEIGHTS;

const BROKEN = ['{', '{"v":1,', "{'v':1}", '{"sig":"x",}', 'NaN', '\u0000', '[1,]', '{"v":1}{"v":1}', 'sig=AAAA'];

/** Desired-state documents and job commands that fail their schema (each with exactly what is wrong). */
const BAD_DESIRED: unknown[] = [
  { rev: -1, issuedAt: '2025-01-01T00:00:00Z' },
  { rev: '1', issuedAt: '2025-01-01T00:00:00Z' },
  { rev: 1.5, issuedAt: '2025-01-01T00:00:00Z' },
  { rev: 1, issuedAt: 'yesterday' },
  { rev: 1 },
  { rev: 1, issuedAt: '2025-01-01T00:00:00Z', powerMode: { name: 'MAXN', id: 256, allowReboot: true } },
  { rev: 1, issuedAt: '2025-01-01T00:00:00Z', powerMode: { name: '', id: 0, allowReboot: 'yes' } },
  { rev: 1, issuedAt: '2025-01-01T00:00:00Z', model: { modelVersionId: 'm', recipeHash: 'x', engine: {} } },
  {
    rev: 1,
    issuedAt: '2025-01-01T00:00:00Z',
    model: {
      modelVersionId: 'm',
      recipeHash: 'a'.repeat(64),
      engine: { url: 'file:///etc/passwd', sha256: 'A'.repeat(64), sizeBytes: -1 },
    },
  },
  { rev: 1, issuedAt: '2025-01-01T00:00:00Z', jetsonClocks: 'on' },
  [],
  null,
  'desired',
];
const BAD_JOBS: unknown[] = [
  { jobId: 'j', kind: 'rm -rf /', issuedAt: '2025-01-01T00:00:00Z', deadlineSec: 60, params: {} },
  { jobId: '', kind: 'build-engine', issuedAt: '2025-01-01T00:00:00Z', deadlineSec: 60, params: {} },
  { jobId: 'j', kind: 'build-engine', issuedAt: '2025-01-01T00:00:00Z', deadlineSec: 0, params: {} },
  { jobId: 'j', kind: 'build-engine', issuedAt: '2025-01-01T00:00:00Z', deadlineSec: 1e9, params: {} },
  { jobId: 'j', kind: 'fetch-engine', issuedAt: '2025-01-01T00:00:00Z', deadlineSec: 60, params: [] },
  { jobId: 'j'.repeat(65), kind: 'cancel', issuedAt: '2025-01-01T00:00:00Z', deadlineSec: 60, params: {} },
  { jobId: 'j', kind: 'benchmark', deadlineSec: 60, params: {} },
  { __proto__: { kind: 'build-engine' }, jobId: 'j' },
];

/**
 * A deterministic corpus of hostile `desired` and job-command messages for one device, each with the
 * refusal code its DeploymentVerifier must count. Genuine-but-bad envelopes are signed with the
 * trusted key, so the checks after the signature (device, expiry, payload schema) are reached too.
 */
export function hostileDeployments(opts: HostileDeploymentOptions): HostileDeployment[] {
  const rng = new SeededRandom(opts.seed);
  const hour = 3_600_000;
  const future = new Date(opts.now.getTime() + hour);
  const past = new Date(opts.now.getTime() - hour);
  const trustedKey = importPrivateKey(opts.trusted.privateKeyPem);
  const validDesired = () => ({ rev: rng.int(1, 1e6), issuedAt: opts.now.toISOString(), jetsonClocks: true });
  const validJob = () => ({
    jobId: `job-${rng.int(0, 1e6)}`,
    kind: 'cancel',
    issuedAt: opts.now.toISOString(),
    deadlineSec: 60,
    params: { jobId: 'other' },
  });

  return Array.from({ length: opts.count }, (): HostileDeployment => {
    const kind = rng.next() < 0.5 ? 'desired' : 'job';
    const topic = kind === 'desired' ? topics.desired(opts.deviceId) : topics.job(opts.deviceId, `j${rng.int(0, 999)}`);
    const doc = () => (kind === 'desired' ? validDesired() : validJob());
    const genuine = (payload: unknown = doc(), exp = future, deviceId = opts.deviceId) =>
      JSON.parse(signEnvelope(trustedKey, opts.trusted.kid, deviceId, payload, exp)) as Record<string, unknown>;
    const out = (category: string, payload: string | Buffer, code: EnvelopeRefusalCode): HostileDeployment => ({
      category: `${kind}:${category}`,
      topic,
      payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8'),
      code,
    });
    const category: Category = rng.weighted(WEIGHTS);
    switch (category) {
      case 'notJson': {
        const choice = rng.int(0, 2);
        if (choice === 0) return out('not_json', rng.pick(BROKEN), 'malformed');
        if (choice === 1)
          return out('binary', Buffer.concat([Buffer.from([0xff]), rng.bytes(rng.int(0, 2048))]), 'malformed');
        return out('empty', Buffer.alloc(0), 'malformed');
      }
      case 'notObject':
        return out('not_object', rng.pick(['[]', '42', 'null', '"sig"', 'true', '[{"sig":"x"}]']), 'malformed');
      case 'unsigned': {
        const plain = rng.pick([doc(), {}, { ...doc(), signature: 'trust me' }]);
        return out('unsigned', JSON.stringify(plain), 'unsigned');
      }
      case 'badEnvelope': {
        const env = genuine();
        const mutations: (() => void)[] = [
          () => (env.v = 2),
          () => (env.v = '1'),
          () => (env.alg = 'none'),
          () => (env.alg = 'RS256'),
          () => delete env.kid,
          () => (env.kid = 'kid\nwith newline'),
          () => delete env.exp,
          () => (env.exp = 'never'),
          () => (env.exp = 4102444800000),
          () => (env.payload = JSON.parse(env.payload as string)),
          () => (env.sig = 'not base64 !!'),
          () => (env.sig = 12345),
          () => (env.sig = 'A'.repeat(257)),
          () => (env.deviceId = '+/#'),
          () => (env.extra = true),
          () => (env.payload = 'p'.repeat(256 * 1024 + 1)),
        ];
        rng.pick(mutations)();
        const text = JSON.stringify(env);
        // `__proto__` as a real key is an unknown key to the strict envelope schema.
        const proto = rng.next() < 0.1;
        return out(
          'bad_envelope',
          proto ? `{"__proto__":{"polluted":1},${JSON.stringify(genuine()).slice(1)}` : text,
          'malformed',
        );
      }
      case 'oversize': {
        const size = MAX_ENVELOPE_BYTES + rng.int(1, 100_000);
        return out('oversize', `{"sig":"${'A'.repeat(size)}"}`, 'malformed');
      }
      case 'unknownKey': {
        const forged = rng.next() < 0.5;
        const env = forged
          ? JSON.parse(signEnvelope(opts.forger.privateKeyPem, opts.forger.kid, opts.deviceId, doc(), future))
          : genuine();
        if (!forged) env.kid = rng.pick(['unknown-kid', 'a'.repeat(64), `${opts.trusted.kid}x`]);
        return out('unknown_key', JSON.stringify(env), 'unknown_key');
      }
      case 'forged':
        // Signed with another key under the trusted key's id.
        return out(
          'forged',
          signEnvelope(opts.forger.privateKeyPem, opts.trusted.kid, opts.deviceId, doc(), future),
          'bad_signature',
        );
      case 'tampered': {
        const env = genuine();
        rng.pick<() => void>([
          () => (env.payload = JSON.stringify({ ...(JSON.parse(env.payload as string) as object), rev: 999_999_999 })),
          () => (env.payload = `${env.payload as string} `),
          () => (env.exp = new Date(future.getTime() + 365 * 24 * hour).toISOString()),
          () => (env.deviceId = `${opts.deviceId}x`),
          () => (env.sig = rng.bytes(64).toString('base64')),
          () =>
            (env.sig = Buffer.from(genuine().sig as string, 'base64')
              .reverse()
              .toString('base64')),
        ])();
        return out('tampered', JSON.stringify(env), 'bad_signature');
      }
      case 'badSigLength': {
        const env = genuine();
        env.sig = rng.bytes(rng.pick([0, 1, 32, 63, 65, 128])).toString('base64');
        return out('bad_sig_length', JSON.stringify(env), 'bad_signature');
      }
      case 'expired':
        return out('expired', JSON.stringify(genuine(doc(), rng.next() < 0.5 ? past : opts.now)), 'expired');
      case 'wrongDevice':
        return out('wrong_device', JSON.stringify(genuine(doc(), future, `${opts.deviceId}-other`)), 'wrong_device');
      case 'badPayload': {
        if (rng.next() < 0.2) {
          // A payload that is not JSON can only come from a signer that skipped JSON.stringify.
          const unsigned = {
            v: 1 as const,
            alg: 'ed25519' as const,
            kid: opts.trusted.kid,
            deviceId: opts.deviceId,
            exp: future.toISOString(),
            payload: rng.pick(['{', 'NaN', '', '{"rev":1,}']),
          };
          const sig = sign(null, signingInput(unsigned), trustedKey).toString('base64');
          return out('payload_not_json', JSON.stringify({ ...unsigned, sig }), 'invalid_payload');
        }
        const payload = rng.pick(kind === 'desired' ? BAD_DESIRED : BAD_JOBS);
        return out('payload_schema', JSON.stringify(genuine(payload)), 'invalid_payload');
      }
    }
  });
}

/** Expected refusals by code. */
export function expectedRefusals(corpus: readonly HostileDeployment[]): Record<EnvelopeRefusalCode, number> {
  const counts = {} as Record<EnvelopeRefusalCode, number>;
  for (const m of corpus) counts[m.code] = (counts[m.code] ?? 0) + 1;
  return counts;
}
