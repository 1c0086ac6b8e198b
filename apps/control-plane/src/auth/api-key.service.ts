import { Injectable } from '@nestjs/common';
import { apiKeyMatches, generateApiKey, hashApiKey, parseApiKey } from './api-key.util.js';
import { ApiKeyRepository, type ApiKeyRow } from './api-key.repository.js';
import {
  ApiKeyNotFoundException,
  ForbiddenRoleException,
  InvalidAuthInputException,
  UnauthenticatedException,
} from './auth.exception.js';
import type { Principal } from './principal.types.js';
import { RequestAuth, type KeyAuthenticator } from './request-auth.js';
import { isRole, roleAllows, type Role } from './role.util.js';
import { isUuid } from '../common/uuid.util.js';

const MAX_NAME = 100;

/** Drizzle wraps the driver's error; PostgreSQL's code is on it or on its cause. */
const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  return (e?.code ?? e?.cause?.code) === '23505';
};

/** Operator API keys: authentication of requests, and the keys' lifecycle. */
@Injectable()
export class ApiKeyService implements KeyAuthenticator {
  constructor(private readonly repo: ApiKeyRepository) {}

  forRequest(credential: string | undefined): RequestAuth {
    return new RequestAuth(credential, this);
  }

  /** The key's principal, or UNAUTHENTICATED saying why (without telling a guesser whether a prefix exists). */
  async authenticate(credential: string | undefined): Promise<Principal> {
    if (!credential) {
      throw new UnauthenticatedException('an API key is required: send "Authorization: Bearer jf_…"');
    }
    const parsed = parseApiKey(credential);
    if (!parsed) throw new UnauthenticatedException('the API key is not valid');
    const row = await this.repo.findForAuth(parsed.prefix, hashApiKey(credential));
    if (!row || !apiKeyMatches(credential, row.secretHash)) {
      throw new UnauthenticatedException('the API key is not valid');
    }
    // Only the holder of the secret learns that the key was revoked or has expired.
    if (row.revokedAt) throw new UnauthenticatedException(`the API key "${row.name}" was revoked`);
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) {
      throw new UnauthenticatedException(`the API key "${row.name}" expired at ${row.expiresAt.toISOString()}`);
    }
    if (!isRole(row.role)) throw new UnauthenticatedException(`the API key "${row.name}" has no valid role`);
    return { keyId: row.id, name: row.name, role: row.role };
  }

  requireRole(principal: Principal, required: Role, what: string): void {
    if (!roleAllows(principal.role, required)) throw new ForbiddenRoleException(required, principal.role, what);
  }

  /** A new key; the returned `key` is the only time its secret exists outside the caller. */
  async create(
    input: { name: string; role: Role; expiresAt: Date | null },
    createdBy: Principal | null,
  ): Promise<{ key: string; row: ApiKeyRow }> {
    const name = input.name.trim();
    if (!name || name.length > MAX_NAME) {
      throw new InvalidAuthInputException(`name must be 1 to ${MAX_NAME} characters`, { name: input.name });
    }
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw new InvalidAuthInputException('expiresAt must be in the future', {
        expiresAt: input.expiresAt.toISOString(),
      });
    }
    // A 48-bit prefix collides about once in 10^7 keys; one retry makes a failure practically impossible.
    for (let attempt = 0; ; attempt++) {
      const { key, prefix } = generateApiKey();
      try {
        const row = await this.repo.insert({
          name,
          prefix,
          secretHash: hashApiKey(key),
          role: input.role,
          createdBy: createdBy?.keyId ?? null,
          expiresAt: input.expiresAt,
        });
        return { key, row };
      } catch (err) {
        if (attempt > 0 || !isUniqueViolation(err)) throw err;
      }
    }
  }

  async revoke(id: string): Promise<ApiKeyRow> {
    const row = isUuid(id) ? await this.repo.revoke(id) : undefined;
    if (!row) throw new ApiKeyNotFoundException(id);
    return row;
  }

  list(): Promise<ApiKeyRow[]> {
    return this.repo.list();
  }
}
