import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * `jf_<prefix>_<secret>`. The prefix is public (lists, logs, audit) and finds the row; the secret
 * is only ever shown once. Generated keys use 12 and 64 lowercase hex characters; the pattern is a
 * little wider so an operator can mint a bootstrap key with `openssl rand -hex`.
 */
export const API_KEY_PATTERN = /^jf_([a-z0-9]{8,32})_([A-Za-z0-9]{32,128})$/;

export interface ParsedApiKey {
  prefix: string;
  secret: string;
}

export function parseApiKey(raw: string): ParsedApiKey | null {
  const m = API_KEY_PATTERN.exec(raw);
  return m ? { prefix: m[1] as string, secret: m[2] as string } : null;
}

/** A new random key: 48 bits of prefix (unique index) and 256 bits of secret. */
export function generateApiKey(): { key: string; prefix: string } {
  const prefix = randomBytes(6).toString('hex');
  return { key: `jf_${prefix}_${randomBytes(32).toString('hex')}`, prefix };
}

/*
 * Why HMAC-SHA-256 and not bcrypt/scrypt/argon2: those exist to slow down guessing of
 * low-entropy passwords. Our secrets are 256 random bits, so guessing is hopeless at any speed,
 * and a slow hash would only add tens of milliseconds to every API request. The fixed HMAC key
 * separates this use of SHA-256 from any other; the whole key (prefix included) is hashed, so a
 * stored hash is bound to its prefix.
 */
const HASH_DOMAIN = 'jetfleet/api-key/v1';

export function hashApiKey(key: string): string {
  return createHmac('sha256', HASH_DOMAIN).update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented key with a stored hash. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** The credential in `Authorization: Bearer <key>`; a bare key is accepted too (graphql-ws connectionParams). */
export function bearerCredential(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const value = header.trim();
  const m = /^Bearer\s+(\S+)$/i.exec(value);
  if (m) return m[1];
  return value && !/\s/.test(value) ? value : undefined;
}
