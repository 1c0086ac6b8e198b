import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

const TOKEN_PREFIX = 'jfe_';

/** A new enrollment token: 256 random bits, shown once; only its hash is stored. */
export function generateEnrollmentToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * SHA-256 is enough (no slow hash): the secret is 256 random bits, so there is nothing to guess,
 * and the hash is the lookup key.
 */
export function hashEnrollmentToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export const tokenScopeSchema = z.object({
  tags: z.array(z.string()).optional(),
  deviceIdPrefix: z.string().optional(),
});

export type TokenScope = z.infer<typeof tokenScopeSchema>;

/** The stored scope; a malformed one (written by hand) grants no tags and no prefix rather than failing. */
export function parseTokenScope(raw: unknown): TokenScope {
  const parsed = tokenScopeSchema.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

export type TokenState = 'active' | 'expired' | 'revoked' | 'used_up';

export interface TokenLimits {
  uses: number;
  maxUses: number;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Revocation wins over expiry, expiry over exhaustion: the most permanent reason is the one reported. */
export function tokenState(t: TokenLimits, now: Date): TokenState {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (t.uses >= t.maxUses) return 'used_up';
  return 'active';
}

export function deviceIdAllowed(scope: TokenScope, deviceId: string): boolean {
  return !scope.deviceIdPrefix || deviceId.startsWith(scope.deviceIdPrefix);
}
