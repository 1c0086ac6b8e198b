import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ARTIFACT_KINDS, type ArtifactKind, SHA256_PATTERN } from './artifact-kind.constant.js';

const VERSION = 'jfa1';

const claimsSchema = z.discriminatedUnion('typ', [
  z.object({
    typ: z.literal('upload'),
    kind: z.enum(ARTIFACT_KINDS as [ArtifactKind, ...ArtifactKind[]]),
    exp: z.int(),
  }),
  z.object({
    typ: z.literal('download'),
    sha256: z.string().regex(SHA256_PATTERN),
    dev: z.string().optional(),
    exp: z.int(),
  }),
]);

/** What a token grants; `exp` is in Unix seconds. */
export type ArtifactTokenClaims = z.infer<typeof claimsSchema>;

export type TokenCheck =
  | { ok: true; claims: ArtifactTokenClaims }
  | { ok: false; problem: 'malformed' | 'bad_signature' }
  | { ok: false; problem: 'expired'; expiredAt: Date };

const mac = (payload: string, secret: string): Buffer => createHmac('sha256', secret).update(payload).digest();

/**
 * `jfa1.<base64url JSON claims>.<base64url HMAC-SHA256>`: stateless, so any replica sharing the
 * secret can check a token without a database read, and short-lived instead of revocable.
 */
export function signArtifactToken(claims: ArtifactTokenClaims, secret: string): string {
  const payload = `${VERSION}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${payload}.${mac(payload, secret).toString('base64url')}`;
}

export function verifyArtifactToken(token: string, secret: string, nowMs: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !parts[1] || !parts[2]) return { ok: false, problem: 'malformed' };
  const given = Buffer.from(parts[2], 'base64url');
  const expected = mac(`${parts[0]}.${parts[1]}`, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, problem: 'bad_signature' };
  }
  let claims: ArtifactTokenClaims;
  try {
    claims = claimsSchema.parse(JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')));
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  if (claims.exp * 1000 <= nowMs) return { ok: false, problem: 'expired', expiredAt: new Date(claims.exp * 1000) };
  return { ok: true, claims };
}
