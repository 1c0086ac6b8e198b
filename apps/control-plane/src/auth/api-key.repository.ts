import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { apiKeys } from '../database/schema.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export interface AuthLookup {
  id: string;
  name: string;
  role: string;
  secretHash: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** `created_by` of the key made from BOOTSTRAP_ADMIN_API_KEY. */
export const BOOTSTRAP_CREATOR = 'config:BOOTSTRAP_ADMIN_API_KEY';

/** All api_keys SQL lives here. */
@Injectable()
export class ApiKeyRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  /**
   * The key with this prefix, in one statement whatever happens: `last_used_at` is written in the
   * same statement, and only when the presented hash matches a live key and the stored time is
   * over a minute old, so busy keys cost no extra write per request.
   */
  async findForAuth(prefix: string, presentedHash: string): Promise<AuthLookup | undefined> {
    const result = await this.db.execute<{
      id: string;
      name: string;
      role: string;
      secret_hash: string;
      expires_at: string | Date | null;
      revoked_at: string | Date | null;
    }>(sql`
      WITH k AS (
        SELECT id, name, role, secret_hash, expires_at, revoked_at FROM api_keys WHERE prefix = ${prefix}
      ), touch AS (
        UPDATE api_keys a SET last_used_at = now() FROM k
        WHERE a.id = k.id AND k.secret_hash = ${presentedHash} AND k.revoked_at IS NULL
          AND (k.expires_at IS NULL OR k.expires_at > now())
          AND (a.last_used_at IS NULL OR a.last_used_at < now() - interval '60 seconds')
      )
      SELECT * FROM k`);
    const row = result.rows[0];
    if (!row) return undefined;
    const date = (v: string | Date | null): Date | null => (v === null ? null : new Date(v));
    return {
      id: row.id,
      name: row.name,
      role: row.role,
      secretHash: row.secret_hash,
      expiresAt: date(row.expires_at),
      revokedAt: date(row.revoked_at),
    };
  }

  async insert(values: {
    name: string;
    prefix: string;
    secretHash: string;
    role: string;
    createdBy: string | null;
    expiresAt: Date | null;
  }): Promise<ApiKeyRow> {
    const rows = await this.db.insert(apiKeys).values(values).returning();
    const row = rows[0];
    if (!row) throw new Error('INSERT … RETURNING returned no row');
    return row;
  }

  /** Sets revoked_at once; revoking a revoked key keeps the first time. Undefined when there is no such key. */
  async revoke(id: string): Promise<ApiKeyRow | undefined> {
    const rows = await this.db
      .update(apiKeys)
      .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
      .where(eq(apiKeys.id, id))
      .returning();
    return rows[0];
  }

  async list(): Promise<ApiKeyRow[]> {
    return this.db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  }

  /**
   * Inserts or refreshes the bootstrap admin key. A revocation survives restarts with the same
   * key; a new secret under the same prefix is a new key and starts live. Returns false when the
   * prefix belongs to a key that was not made from the variable.
   */
  async upsertBootstrap(prefix: string, secretHash: string): Promise<boolean> {
    const result = await this.db.execute<{ id: string }>(sql`
      INSERT INTO api_keys (name, prefix, secret_hash, role, created_by)
      VALUES ('bootstrap', ${prefix}, ${secretHash}, 'admin', ${BOOTSTRAP_CREATOR})
      ON CONFLICT (prefix) DO UPDATE SET
        secret_hash = excluded.secret_hash,
        role = 'admin',
        expires_at = NULL,
        revoked_at = CASE WHEN api_keys.secret_hash = excluded.secret_hash THEN api_keys.revoked_at END
      WHERE api_keys.created_by = ${BOOTSTRAP_CREATOR}
      RETURNING id`);
    return result.rows.length > 0;
  }

  /** Retires keys made from an earlier value of the variable (or all of them when it is unset). */
  async revokeOtherBootstraps(keepPrefix: string | null): Promise<number> {
    const rows = await this.db
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(apiKeys.createdBy, BOOTSTRAP_CREATOR),
          isNull(apiKeys.revokedAt),
          keepPrefix === null ? undefined : ne(apiKeys.prefix, keepPrefix),
        ),
      )
      .returning({ id: apiKeys.id });
    return rows.length;
  }
}
