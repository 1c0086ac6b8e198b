import { readFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { importPublicKey, keyId } from '@jetfleet/protocol';
import { z } from 'zod';

/**
 * The part of the enrollment answer (saved as the agent's credentials file) that concerns
 * signing. `signingPublicKeys` is optional room for a rotation: old and new key pinned together.
 */
const credentialsSigningSchema = z.looseObject({
  signingKeyId: z.string().max(64).nullable().optional(),
  signingPublicKeyPem: z.string().max(4096).nullable().optional(),
  signingPublicKeys: z.array(z.string().max(4096)).max(8).optional(),
});

/**
 * Pinned keys by kid. Throws on anything unusable: a device with a corrupt trust store must fail
 * at start, not fall back to accepting unsigned deployments.
 */
export function pinKeys(publicKeysPem: readonly string[]): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const pem of publicKeysPem) keys.set(keyId(pem), importPublicKey(pem));
  return keys;
}

/** The public keys an enrollment answer pins; empty when the control plane had none to give. */
export function signingKeysFromCredentials(json: unknown): string[] {
  const parsed = credentialsSigningSchema.safeParse(json);
  if (!parsed.success) throw new Error(`credentials: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const { signingKeyId, signingPublicKeyPem, signingPublicKeys = [] } = parsed.data;
  if (signingPublicKeyPem && signingKeyId && keyId(signingPublicKeyPem) !== signingKeyId) {
    throw new Error(`credentials: signingKeyId ${signingKeyId} does not match signingPublicKeyPem`);
  }
  return [...(signingPublicKeyPem ? [signingPublicKeyPem] : []), ...signingPublicKeys];
}

export async function readSigningKeysFile(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`credentials file ${file}: not JSON (${(err as Error).message})`, { cause: err });
  }
  return signingKeysFromCredentials(json);
}
