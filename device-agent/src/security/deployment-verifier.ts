import type { KeyObject } from 'node:crypto';
import {
  ENVELOPE_REFUSAL_CODES,
  decodePayload,
  desiredStateSchema,
  jobCommandSchema,
  openEnvelope,
  parseEnvelope,
  type DesiredState,
  type EnvelopeRefusal,
  type EnvelopeRefusalCode,
  type JobCommand,
} from '@jetfleet/protocol';
import type { z } from 'zod';
import { pinKeys, readSigningKeysFile } from './pinned-keys.util.js';

/** What arrives on `desired` and on `jobs/{jobId}`. */
export interface DeploymentDocuments {
  desired: DesiredState;
  job: JobCommand;
}
export type DeploymentKind = keyof DeploymentDocuments;

const SCHEMAS: { [K in DeploymentKind]: z.ZodType<DeploymentDocuments[K]> } = {
  desired: desiredStateSchema,
  job: jobCommandSchema,
};

export type OpenedDeployment<K extends DeploymentKind> =
  | { ok: true; value: DeploymentDocuments[K]; kid: string | null; expiresAt: Date | null; verified: boolean }
  | EnvelopeRefusal;

export interface DeploymentVerifierOptions {
  deviceId: string;
  /** Pinned SPKI PEM key(s). None: insecure development mode (see the class comment). */
  signingPublicKeyPem?: string | readonly string[];
  now?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', msg: string) => void;
}

export interface VerifierStats {
  secure: boolean;
  accepted: number;
  /** Accepted without a signature check (insecure mode only). */
  acceptedUnverified: number;
  refused: Record<EnvelopeRefusalCode, number>;
}

/**
 * Opens deployment documents (desired state, job commands) against the pinned control-plane keys:
 * signature, expiry, addressed device, then the document schema. Never throws on message input.
 *
 * With no key pinned the verifier is in an explicit insecure development mode: it accepts plain
 * JSON documents and envelopes alike without checking any signature, and warns once.
 */
export class DeploymentVerifier {
  private readonly keys: ReadonlyMap<string, KeyObject>;
  private readonly now: () => Date;
  private warned = false;
  private accepted = 0;
  private acceptedUnverified = 0;
  private readonly refused = Object.fromEntries(ENVELOPE_REFUSAL_CODES.map((c) => [c, 0])) as Record<
    EnvelopeRefusalCode,
    number
  >;

  /** Throws when a pinned key is not an ed25519 public key. */
  constructor(private readonly opts: DeploymentVerifierOptions) {
    const pems = opts.signingPublicKeyPem === undefined ? [] : [opts.signingPublicKeyPem].flat();
    this.keys = pinKeys(pems);
    this.now = opts.now ?? ((): Date => new Date());
  }

  /** Pins the keys of an enrollment answer saved as the agent's credentials file. */
  static async fromCredentialsFile(
    file: string,
    opts: Omit<DeploymentVerifierOptions, 'signingPublicKeyPem'>,
  ): Promise<DeploymentVerifier> {
    return new DeploymentVerifier({ ...opts, signingPublicKeyPem: await readSigningKeysFile(file) });
  }

  get secure(): boolean {
    return this.keys.size > 0;
  }

  get pinnedKeyIds(): string[] {
    return [...this.keys.keys()];
  }

  open<K extends DeploymentKind>(kind: K, bytes: Uint8Array | string): OpenedDeployment<K> {
    const schema = SCHEMAS[kind];
    const result = this.secure
      ? openEnvelope(bytes, { keys: this.keys, deviceId: this.opts.deviceId, now: this.now(), schema })
      : this.openInsecure(bytes, schema);
    if (!result.ok) {
      this.refused[result.code]++;
      return result;
    }
    this.accepted++;
    if ('verified' in result) {
      this.acceptedUnverified++;
      return result;
    }
    return { ok: true, value: result.value, kid: result.kid, expiresAt: result.expiresAt, verified: true };
  }

  stats(): VerifierStats {
    return {
      secure: this.secure,
      accepted: this.accepted,
      acceptedUnverified: this.acceptedUnverified,
      refused: { ...this.refused },
    };
  }

  private openInsecure<T>(
    bytes: Uint8Array | string,
    schema: z.ZodType<T>,
  ): { ok: true; value: T; kid: string | null; expiresAt: null; verified: false } | EnvelopeRefusal {
    if (!this.warned) {
      this.warned = true;
      this.opts.log?.(
        'warn',
        'no signing key pinned: accepting unsigned deployments WITHOUT verification (insecure development mode)',
      );
    }
    const env = parseEnvelope(bytes);
    if (env.ok) {
      const doc = decodePayload(env.envelope.payload, schema);
      return doc.ok ? { ok: true, value: doc.value, kid: env.envelope.kid, expiresAt: null, verified: false } : doc;
    }
    if (env.code !== 'unsigned') return env;
    // parseEnvelope has already checked size, UTF-8 and that this is a JSON object.
    const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
    const doc = decodePayload(text, schema);
    return doc.ok ? { ok: true, value: doc.value, kid: null, expiresAt: null, verified: false } : doc;
  }
}
